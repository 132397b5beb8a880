/// Why a run's output did not meet an expectation, with everything needed
/// to show the author or learner the spot: the expectation and where it is
/// written, the output line it was compared with (and the column where they
/// part), a later line that would have matched, and the captures in force.
public struct MatchFailure: Sendable, Hashable {
    /// The kind of failure.
    public enum Kind: Sendable, Hashable {
        /// A pattern line did not match the output line in its place.
        case mismatch
        /// The output ended (or, after `@skip`, never showed the line).
        case missing
        /// A counted line matched fewer lines than its count.
        case tooFew(count: LineCount, found: Int)
        /// An `@any-order` group could not be matched line for line.
        case unordered(unmatched: [ExpectedLine], leftover: [Int])
        /// Output remained after the last expectation.
        case extraOutput
        /// A `@not` pattern matched a line.
        case forbidden
        /// The exit status was not the expected one.
        case exitStatus(expected: Int32, actual: Termination)
        /// Standard error had lines and nothing expected them.
        case unexpectedStderr
        /// The run was ended by its timeout.
        case timedOut(seconds: Double)
        /// The run was interrupted (Ctrl-C).
        case interrupted
    }

    /// What failed.
    public var kind: Kind
    /// The stream the failing expectation describes.
    public var stream: ExpectedStream
    /// Where the expectation is written, if it is a pattern.
    public var location: SourceLocation?
    /// The expectation, with back-references filled in.
    public var expected: String?
    /// The 0-based index, within the stream, of the output line compared.
    public var lineIndex: Int?
    /// The 0-based column (in characters) where that line stops matching.
    public var column: Int?
    /// A later output line that the expectation matches as a whole.
    public var laterMatch: Int?
    /// The captures bound when it failed.
    public var captures: Captures

    /// Memberwise initialiser.
    public init(
        kind: Kind, stream: ExpectedStream, location: SourceLocation? = nil, expected: String? = nil,
        lineIndex: Int? = nil, column: Int? = nil, laterMatch: Int? = nil, captures: Captures = Captures()
    ) {
        self.kind = kind
        self.stream = stream
        self.location = location
        self.expected = expected
        self.lineIndex = lineIndex
        self.column = column
        self.laterMatch = laterMatch
        self.captures = captures
    }
}
