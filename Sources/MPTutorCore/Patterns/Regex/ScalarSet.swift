/// A set of Unicode scalars given as inclusive ranges, optionally negated:
/// what a regex class like `[a-z_]`, `\d` or `.` stands for.
struct ScalarSet: Sendable, Hashable {
    var ranges: [ClosedRange<UInt32>]
    var negated: Bool

    init(ranges: [ClosedRange<UInt32>] = [], negated: Bool = false) {
        self.ranges = ranges
        self.negated = negated
    }

    func contains(_ scalar: UInt32) -> Bool {
        var found = false
        for range in ranges where range.contains(scalar) {
            found = true
            break
        }
        return found != negated
    }

    static let digits = ScalarSet(ranges: [48...57])
    static let word = ScalarSet(ranges: [48...57, 65...90, 95...95, 97...122])
    static let space = ScalarSet(ranges: [9...13, 32...32])
    /// Any scalar but a line break: lines never contain one anyway.
    static let anyScalar = ScalarSet(ranges: [10...10], negated: true)
    static let nonSpace = ScalarSet(ranges: [9...13, 32...32], negated: true)

    var inverted: ScalarSet { ScalarSet(ranges: ranges, negated: !negated) }

    /// The set with the lower-case form of each member added (negation
    /// kept: `[^A-Z]` then excludes `a-z` too), for matching lower-cased
    /// text. Letters beyond ASCII are mapped one by one, in ranges of up
    /// to 4,096 scalars.
    var addingLowercase: ScalarSet {
        var result = self
        for range in ranges {
            let low = Swift.max(range.lowerBound, 65), high = Swift.min(range.upperBound, 90)
            if low <= high { result.ranges.append((low + 32)...(high + 32)) }
            let start = Swift.max(range.lowerBound, 0xC0)
            guard start <= range.upperBound, range.upperBound - start < 4_096 else { continue }
            for value in start...range.upperBound {
                let lower = RegexNode.lowercase(value)
                if lower != value { result.ranges.append(lower...lower) }
            }
        }
        return result
    }
}
