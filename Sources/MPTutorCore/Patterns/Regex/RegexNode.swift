/// The syntax tree of a line pattern or of a regex hole. Both compile to
/// the same automaton, so a whole pattern line is matched in one pass.
indirect enum RegexNode: Sendable, Hashable {
    case empty
    case scalar(UInt32)
    case set(ScalarSet)
    case concat([RegexNode])
    case alternation([RegexNode])
    /// `min...max` repetitions (`max == nil` is unbounded); `greedy` picks
    /// which branch a thread prefers, which only matters for captures.
    case repeatRange(RegexNode, min: Int, max: Int?, greedy: Bool)
    /// Records where the capture slot pair `index` starts and ends.
    case capture(RegexNode, index: Int)

    /// A node for a literal string.
    static func literal(_ text: String) -> RegexNode {
        let scalars = text.unicodeScalars.map { RegexNode.scalar($0.value) }
        return scalars.count == 1 ? scalars[0] : .concat(scalars)
    }

    /// The node for matching lower-cased text: each letter it names matches
    /// its lower-case form (what a case-insensitive match of the original
    /// text would accept).
    var lowercased: RegexNode {
        switch self {
        case .empty: return self
        case .scalar(let value): return .scalar(Self.lowercase(value))
        case .set(let set): return .set(set.addingLowercase)
        case .concat(let parts): return .concat(parts.map(\.lowercased))
        case .alternation(let parts): return .alternation(parts.map(\.lowercased))
        case .repeatRange(let node, let min, let max, let greedy):
            return .repeatRange(node.lowercased, min: min, max: max, greedy: greedy)
        case .capture(let node, let index): return .capture(node.lowercased, index: index)
        }
    }

    /// The lower-case form of a scalar, when it is a single scalar.
    static func lowercase(_ value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value) else { return value }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first!.value : value
    }

    /// An upper bound on the number of instructions this compiles to, so that
    /// `x{1000}{1000}` is refused before it is built.
    var estimatedSize: Int {
        switch self {
        case .empty: return 0
        case .scalar, .set: return 1
        case .concat(let parts): return parts.reduce(0) { $0 + $1.estimatedSize }
        case .alternation(let parts): return parts.reduce(0) { $0 + $1.estimatedSize + 2 }
        case .repeatRange(let node, let min, let max, _):
            let copies = Swift.max(min, max ?? (min + 1), 1)
            return copies.multipliedReportingOverflow(by: node.estimatedSize + 2).overflow
                ? Int.max : copies * (node.estimatedSize + 2)
        case .capture(let node, _): return node.estimatedSize + 2
        }
    }
}
