/// Maximum bipartite matching (augmenting paths, Kuhn's algorithm with a
/// greedy start).
///
/// `@any-order` groups use it so that a loose pattern never takes the line a
/// strict one needed: greedy first-fit, as FileCheck's `CHECK-DAG` does,
/// fails `hello {{int}}` + `hello 1` against `hello 1` / `hello 2` depending
/// on the order the lines arrive.
struct BipartiteMatching {
    /// For each left node, the right node it is matched to, or nil.
    private(set) var leftMatch: [Int?]
    /// For each right node, the left node matched to it, or nil.
    private(set) var rightMatch: [Int?]

    /// Matches `edges[left]` (the right nodes each left node may take).
    init(edges: [[Int]], rightCount: Int) {
        leftMatch = Array(repeating: nil, count: edges.count)
        rightMatch = Array(repeating: nil, count: rightCount)
        for left in edges.indices {
            for right in edges[left] where rightMatch[right] == nil {
                leftMatch[left] = right
                rightMatch[right] = left
                break
            }
        }
        var visited = [Int](repeating: -1, count: rightCount)
        for left in edges.indices where leftMatch[left] == nil {
            _ = augment(from: left, edges: edges, visited: &visited, stamp: left)
        }
    }

    /// The number of matched pairs.
    var size: Int { leftMatch.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    private mutating func augment(from left: Int, edges: [[Int]], visited: inout [Int], stamp: Int) -> Bool {
        // Iterative depth-first search, so a 1,000-line group cannot
        // overflow the stack.
        var stack: [(left: Int, next: Int)] = [(left, 0)]
        var path: [(left: Int, right: Int)] = []
        while let top = stack.last {
            let candidates = edges[top.left]
            if top.next >= candidates.count {
                stack.removeLast()
                if !path.isEmpty { path.removeLast() }
                continue
            }
            stack[stack.count - 1].next += 1
            let right = candidates[top.next]
            if visited[right] == stamp { continue }
            visited[right] = stamp
            path.append((top.left, right))
            if let owner = rightMatch[right] {
                stack.append((owner, 0))
            } else {
                for (pathLeft, pathRight) in path {
                    leftMatch[pathLeft] = pathRight
                    rightMatch[pathRight] = pathLeft
                }
                return true
            }
        }
        return false
    }
}
