/// A recorded shell session: the lines a learner typed, each followed by
/// the patterns its output must match (the same pattern language as
/// lessons, so pids and the order of concurrent lines do not break it).
///
/// ```text
/// Welcome to mptutor{{any}}
/// @skip
/// > open fork
/// @skip
/// > answer 0
/// ✓ Right.
/// @skip
/// ```
public struct Transcript: Sendable {
    /// One typed line and what must follow it.
    public struct Exchange: Sendable {
        /// What was typed (without the `> `); nil for the greeting before
        /// the first input.
        public var input: String?
        /// Where the `> ` line is (or line 1 for the greeting).
        public var location: SourceLocation
        /// What the shell must print in reply.
        public var expected: ExpectBlock
    }

    /// The file it was read from.
    public var file: String
    /// The exchanges, the greeting first.
    public var exchanges: [Exchange]

    /// Parses a transcript.
    /// - Throws: `PatternError` at the faulty line.
    public static func parse(_ text: String, file: String) throws(PatternError) -> Transcript {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var exchanges: [Exchange] = []
        var input: String?
        var start = 0  // index of the `> ` line, or -1 for the greeting
        var body: [String] = []
        var bound = Set<String>()
        func close() throws(PatternError) {
            let fence = SourceLocation(file: file, line: start)  // body line i is at start + 1 + i
            let block = try ExpectBlockParser.parse(body, stream: .stdout, fence: fence, bound: bound)
            bound.formUnion(block.boundNames)
            exchanges.append(Exchange(input: input, location: SourceLocation(file: file, line: max(start, 1)), expected: block))
        }
        for (index, line) in lines.enumerated() {
            if line == ">" || line.hasPrefix("> ") {
                try close()
                input = line == ">" ? "" : String(line.dropFirst(2))
                start = index + 1
                body = []
            } else {
                body.append(line)
            }
        }
        try close()
        return Transcript(file: file, exchanges: exchanges)
    }
}
