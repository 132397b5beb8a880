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
}
