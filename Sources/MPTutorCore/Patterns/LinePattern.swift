/// One expected line: literal text with `{{…}}` holes for the parts that vary
/// from run to run (pids, timings, addresses), captures that bind what a hole
/// matched, and back-references to earlier captures.
///
/// A line pattern compiles, together with the captures bound so far, into a
/// single automaton; see `Automaton` for why that never backtracks.
public struct LinePattern: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of hole an author can write.
    public enum HoleKind: Sendable, Hashable {
        case int, num, hex, word, any
        /// `{{/REGEX/}}` with the regex source.
        case regex(String)

        /// The names authors write, in the order the docs list them.
        static let keywords: [String: HoleKind] = [
            "int": .int, "num": .num, "hex": .hex, "word": .word, "any": .any,
        ]

        /// What the hole means, for messages (`an integer`).
        public var summary: String {
            switch self {
            case .int: return "an integer"
            case .num: return "a number"
            case .hex: return "hex digits"
            case .word: return "a word"
            case .any: return "any text"
            case .regex(let source): return "/\(source)/"
            }
        }
    }

    /// A piece of a pattern line.
    public enum Segment: Sendable, Hashable {
        case literal(String)
        /// A hole, with the capture it binds if any.
        case hole(HoleKind, binds: String?)
        /// The value of an earlier capture, matched literally.
        case reference(String)
    }

    /// The pattern as written (trailing spaces removed).
    public let source: String
    /// Where it was written.
    public let location: SourceLocation
    /// The parsed pieces.
    public let segments: [Segment]

    /// Parses one pattern line.
    /// - Throws: `PatternError` for an unclosed `{{`, an unknown hole, a bad
    ///   capture name or a regex outside the supported subset.
    public init(parsing text: String, at location: SourceLocation) throws(PatternError) {
        let trimmed = String(text.trimmingTrailingBlanks())
        self.source = trimmed
        self.location = location
        self.segments = try LinePatternParser.parse(trimmed, at: location)
    }

    /// The capture names this line binds, in order.
    public var boundNames: [String] {
        segments.compactMap { if case .hole(_, let name?) = $0 { return name } else { return nil } }
    }

    /// The capture names this line refers back to.
    public var referencedNames: [String] {
        segments.compactMap { if case .reference(let name) = $0 { return name } else { return nil } }
    }

    /// True when the line is plain text, with no holes.
    public var isLiteral: Bool {
        segments.allSatisfy { if case .literal = $0 { return true } else { return false } }
    }

    /// The source text: how the line reads in the lesson.
    public var description: String { source }

    /// The pattern with back-references replaced by their values, for
    /// showing the author what was actually looked for.
    public func rendered(with captures: Captures) -> String {
        var text = ""
        for segment in segments {
            switch segment {
            case .literal(let literal): text += literal
            case .reference(let name): text += captures[name] ?? "{{\(name)}}"
            case .hole(let kind, let name):
                text += name.map { "{{\($0):\(kind.keyword)}}" } ?? "{{\(kind.keyword)}}"
            }
        }
        return text
    }

    /// Compiles the line against the captures bound so far.
    /// - Parameter caseInsensitive: lower-cases literal text, for quiz answers
    ///   (the caller lower-cases the input too).
    func compile(with captures: Captures, caseInsensitive: Bool = false) -> CompiledLine {
        CompiledLine(pattern: self, captures: captures, caseInsensitive: caseInsensitive)
    }
}

extension LinePattern.HoleKind {
    /// The name as written inside `{{…}}`.
    var keyword: String {
        switch self {
        case .int: return "int"
        case .num: return "num"
        case .hex: return "hex"
        case .word: return "word"
        case .any: return "any"
        case .regex(let source): return "/\(source)/"
        }
    }
}

extension StringProtocol {
    /// The text without trailing spaces, tabs and carriage returns, which
    /// are invisible in a terminal and so never count in a match.
    func trimmingTrailingBlanks() -> SubSequence {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            let character = self[before]
            guard character == " " || character == "\t" || character == "\r" || character == "\r\n" else { break }
            end = before
        }
        return self[startIndex..<end]
    }
}
