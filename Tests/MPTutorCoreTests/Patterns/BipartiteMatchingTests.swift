import Testing

@testable import MPTutorCore

/// Maximum bipartite matching, the heart of `@any-order`.
@Suite struct BipartiteMatchingTests {
    /// Checks that the two sides of a matching agree and that every pair is an edge.
    private func isConsistent(_ matching: BipartiteMatching, edges: [[Int]]) -> Bool {
        for (left, right) in matching.leftMatch.enumerated() {
            guard let right else { continue }
            if !edges[left].contains(right) || matching.rightMatch[right] != left { return false }
        }
        for (right, left) in matching.rightMatch.enumerated() {
            guard let left else { continue }
            if matching.leftMatch[left] != right { return false }
        }
        return true
    }

    /// The size of a maximum matching, by trying every assignment.
    private func bruteForceMaximum(_ edges: [[Int]], rightCount: Int) -> Int {
        func best(_ left: Int, _ used: Set<Int>) -> Int {
            guard left < edges.count else { return 0 }
            var result = best(left + 1, used)
            for right in edges[left] where !used.contains(right) {
                result = max(result, 1 + best(left + 1, used.union([right])))
            }
            return result
        }
        return best(0, [])
    }

    @Test func theGreedyTrapIsResolved() {
        // Left 0: `hello {{int}}` (fits both lines); left 1: `hello 1` (fits line 0).
        let matching = BipartiteMatching(edges: [[0, 1], [0]], rightCount: 2)
        #expect(matching.size == 2)
        #expect(matching.leftMatch == [1, 0])
        #expect(matching.rightMatch == [1, 0])
    }

    @Test func aPerfectMatchingIsFoundWhereOneExists() {
        let edges = [[0, 1, 2], [0], [0, 1]]
        let matching = BipartiteMatching(edges: edges, rightCount: 3)
        #expect(matching.size == 3)
        #expect(matching.leftMatch == [2, 0, 1])
        #expect(isConsistent(matching, edges: edges))
    }

    @Test func augmentingPathsMayBeLong() {
        // Greedy gives left i the right i; the last left node only fits
        // right 0, so every earlier node must move one place along.
        let n = 50
        var edges = (0..<(n - 1)).map { [$0, $0 + 1] }
        edges.append([0])
        let matching = BipartiteMatching(edges: edges, rightCount: n)
        #expect(matching.size == n)
        #expect(isConsistent(matching, edges: edges))
        #expect(matching.leftMatch[n - 1] == 0)
    }

    @Test func aThousandNodeChainDoesNotOverflowTheStack() {
        let n = 1_000
        var edges = (0..<(n - 1)).map { [$0, $0 + 1] }
        edges.append([0])
        let matching = BipartiteMatching(edges: edges, rightCount: n)
        #expect(matching.size == n)
        #expect(isConsistent(matching, edges: edges))
    }

    @Test func unmatchableNodesStayUnmatched() {
        let edges: [[Int]] = [[0], [0], [], [1]]
        let matching = BipartiteMatching(edges: edges, rightCount: 3)
        #expect(matching.size == 2)
        #expect(matching.leftMatch[2] == nil)
        #expect(matching.rightMatch[2] == nil)
        #expect(matching.leftMatch.filter { $0 == nil }.count == 2)
        #expect(isConsistent(matching, edges: edges))
    }

    @Test func emptyGraphs() {
        #expect(BipartiteMatching(edges: [], rightCount: 0).size == 0)
        #expect(BipartiteMatching(edges: [], rightCount: 3).rightMatch == [nil, nil, nil])
        #expect(BipartiteMatching(edges: [[], []], rightCount: 0).leftMatch == [nil, nil])
    }

    @Test func moreLeftNodesThanRightNodes() {
        let edges = [[0, 1], [0, 1], [0, 1]]
        let matching = BipartiteMatching(edges: edges, rightCount: 2)
        #expect(matching.size == 2)
        #expect(isConsistent(matching, edges: edges))
    }

    @Test(arguments: 1...8)
    func matchesAsManyAsBruteForceOnSmallRandomGraphs(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        for _ in 0..<40 {
            let leftCount = Int.random(in: 0...6, using: &generator)
            let rightCount = Int.random(in: 0...6, using: &generator)
            let edges: [[Int]] = (0..<leftCount).map { _ in
                (0..<rightCount).filter { _ in Int.random(in: 0..<3, using: &generator) == 0 }.shuffled(using: &generator)
            }
            let matching = BipartiteMatching(edges: edges, rightCount: rightCount)
            #expect(matching.size == bruteForceMaximum(edges, rightCount: rightCount), "\(edges)")
            #expect(isConsistent(matching, edges: edges), "\(edges)")
        }
    }
}

/// A small seeded generator, so random tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
