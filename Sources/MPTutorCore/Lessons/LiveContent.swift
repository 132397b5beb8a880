/// How a program of a lesson is run: the options an author writes on the
/// code block's info string.
public struct RunSettings: Sendable, Hashable {
    /// Seconds before the run's whole process tree is ended.
    public var timeout: Double
    /// Buffering of standard output in every Python process.
    public var buffering: OutputBuffering
    /// Text on standard input; nil gives end-of-file.
    public var stdin: String?

    /// The defaults: 10 s, line-buffered, no input.
    public init(timeout: Double = 10, buffering: OutputBuffering = .line, stdin: String? = nil) {
        self.timeout = timeout
        self.buffering = buffering
        self.stdin = stdin
    }

    /// The runner options these settings stand for.
    public var runOptions: RunOptions {
        RunOptions(timeout: timeout, buffering: buffering, stdin: stdin)
    }
}

/// A program the learner runs live, with what its output must look like.
public struct Example: Sendable {
    /// The Python source.
    public var source: String
    /// Where its code block starts.
    public var location: SourceLocation
    /// How it is run.
    public var settings: RunSettings
    /// What the run must show.
    public var expectation: OutputExpectation
}

/// A question whose answer the learner types.
public struct Quiz: Sendable {
    /// The text after `### Quiz:`.
    public var title: String
    /// The question, in Markdown.
    public var question: String
    /// The answer shown when the learner gives up; always accepted.
    public var answer: String
    /// Further accepted answers.
    public var accepted: [LinePattern]
    /// Likely wrong answers with what to tell the learner who gives them.
    public var mistakes: [KnownMistake]
    /// Hints, from gentle to nearly the answer.
    public var hints: [String]
    /// Where the quiz's heading is.
    public var location: SourceLocation

    /// A wrong answer an author foresaw, tied to the misconception behind it.
    public struct KnownMistake: Sendable {
        /// The wrong answer.
        public var pattern: LinePattern
        /// What to say.
        public var feedback: String
    }

    /// How an answer was judged.
    public enum Judgement: Sendable, Equatable {
        case correct
        /// A known mistake, with the author's feedback.
        case knownMistake(String)
        case incorrect
    }

    /// Judges an answer: case and runs of spaces do not count.
    public func judge(_ response: String) -> Judgement {
        let normalized = Self.normalize(response)
        let line = PreparedLine(normalized, lowercased: true)
        if normalized.lowercased() == Self.normalize(answer).lowercased() { return .correct }
        for pattern in accepted where pattern.compile(with: Captures(), caseInsensitive: true).match(line.scalars).matched {
            return .correct
        }
        for mistake in mistakes
        where mistake.pattern.compile(with: Captures(), caseInsensitive: true).match(line.scalars).matched {
            return .knownMistake(mistake.feedback)
        }
        return .incorrect
    }

    /// Trims and collapses runs of white space.
    static func normalize(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}

/// A small program the learner writes, checked by running it live.
public struct Exercise: Sendable {
    /// The text after `### Exercise:`.
    public var title: String
    /// The task, in Markdown.
    public var instructions: String
    /// The code the learner starts from.
    public var starter: String
    /// Where the starter block is.
    public var starterLocation: SourceLocation
    /// How the learner's program is run.
    public var settings: RunSettings
    /// What the learner's program must print.
    public var expectation: OutputExpectation
    /// The reference solution.
    public var solution: String
    /// Where the solution block is.
    public var solutionLocation: SourceLocation
    /// Hints, from gentle to nearly the answer.
    public var hints: [String]
    /// Where the exercise's heading is.
    public var location: SourceLocation
}
