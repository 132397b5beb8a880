/// Which output an expect block is matched against.
public enum ExpectedStream: String, Sendable, Hashable, CaseIterable {
    /// Standard output alone.
    case stdout
    /// Standard error alone.
    case stderr
    /// Both, in the order their lines arrived.
    case merged
}

/// How many output lines one pattern line stands for.
public enum LineCount: Sendable, Hashable, CustomStringConvertible {
    /// Exactly this many.
    case exactly(Int)
    /// This many or more.
    case atLeast(Int)

    /// The fewest lines that satisfy the count.
    public var minimum: Int {
        switch self {
        case .exactly(let count), .atLeast(let count): return count
        }
    }

    /// `exactly 3`, `at least 2`.
    public var description: String {
        switch self {
        case .exactly(let count): return "exactly \(count)"
        case .atLeast(let count): return "at least \(count)"
        }
    }
}

/// A pattern line with how many output lines it must match.
public struct ExpectedLine: Sendable, Hashable {
    /// The pattern.
    public var pattern: LinePattern
    /// How many lines.
    public var count: LineCount

    /// - Parameters: see the properties.
    public init(pattern: LinePattern, count: LineCount = .exactly(1)) {
        self.pattern = pattern
        self.count = count
    }
}

/// One element of an expect block, matched in sequence against the output.
public enum ExpectItem: Sendable, Hashable {
    /// A pattern line (possibly counted), matched against the next lines.
    case line(ExpectedLine)
    /// `@skip`: any number of lines the author does not care about.
    case skip(SourceLocation)
    /// `@any-order` … `@end`: the next lines in any order, each matched once.
    case anyOrder([ExpectedLine], SourceLocation)
}

/// A parsed ```` ```expect ```` block: what one stream of a run must show.
public struct ExpectBlock: Sendable, Hashable {
    /// The stream it describes.
    public var stream: ExpectedStream
    /// The expectations in order.
    public var items: [ExpectItem]
    /// `@not` patterns: no line of the stream may match any of them.
    public var forbidden: [LinePattern]
    /// Where the block starts (its opening fence).
    public var location: SourceLocation

    /// Memberwise initialiser, for code that builds blocks directly.
    public init(stream: ExpectedStream, items: [ExpectItem], forbidden: [LinePattern] = [], location: SourceLocation) {
        self.stream = stream
        self.items = items
        self.forbidden = forbidden
        self.location = location
    }

    /// Every capture name bound in the block, in order.
    public var boundNames: [String] {
        items.flatMap { item -> [String] in
            switch item {
            case .line(let line): return line.pattern.boundNames
            case .anyOrder(let lines, _): return lines.flatMap(\.pattern.boundNames)
            case .skip: return []
            }
        }
    }
}
