/// Levenshtein distance, for finding the output line closest to a failed
/// expectation.
enum EditDistance {
    /// The distance between `a` and `b`, comparing at most `limit` elements
    /// of each (lines longer than that are judged by their beginning).
    static func between(_ a: [UInt32], _ b: [UInt32], limit: Int) -> Int {
        let a = a.prefix(limit), b = b.prefix(limit)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for (i, x) in a.enumerated() {
            current[0] = i + 1
            for (j, y) in b.enumerated() {
                let substitution = previous[j] + (x == y ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
