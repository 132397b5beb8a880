import FoundationEssentials

/// A fence that opens a code block: three or more backticks or tildes.
struct Fence {
    let character: Character
    let length: Int
    let indent: Int
    let info: String

    init?(opening line: String) {
        // Every line of a lesson comes through here: decide on the bytes.
        let indent = line.asciiRunLength(of: UInt8(ascii: " "))
        guard indent <= 3 else { return nil }
        let rest = line.dropFirst(indent)
        guard let byte = rest.utf8.first, byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~") else { return nil }
        let first = Character(Unicode.Scalar(byte))
        let run = rest.asciiRunLength(of: byte)
        guard run >= 3 else { return nil }
        let info = rest.dropFirst(run).trimmedOfSpaces
        if first == "`", info.contains("`") { return nil }
        character = first
        length = run
        self.indent = indent
        self.info = info
    }

    var marker: String { String(repeating: character, count: length) }

    func isClosed(by line: String) -> Bool {
        // Up to three spaces, blanks, a run of at least `length` markers,
        // then only blanks; on the bytes, since every line of a block is
        // asked.
        let marker = character.asciiValue
        var bytes = line.utf8[...]
        let indent = bytes.prefix { $0 == 32 }.count
        guard indent <= 3 else { return false }
        bytes = bytes.drop { $0 == 32 || $0 == 9 }
        let run = bytes.prefix { $0 == marker }.count
        return run >= length && bytes.dropFirst(run).allSatisfy { $0 == 32 || $0 == 9 }
    }

    /// Removes up to the fence's own indentation from a content line.
    func dedent(_ line: String) -> String {
        guard indent > 0, line.hasPrefix(" ") else { return line }
        var line = Substring(line)
        var removed = 0
        while removed < indent, line.first == " " {
            line = line.dropFirst()
            removed += 1
        }
        return String(line)
    }
}

/// Expect blocks collected for an example or exercise, parsed as they come
/// so that captures bound by one block are known to the next.
struct ExpectDrafts {
    var blocks: [ExpectBlock] = []

    mutating func add(_ lines: [String], stream: ExpectedStream, at fence: SourceLocation) throws(LessonError) {
        let bound = Set(blocks.flatMap(\.boundNames))
        do {
            blocks.append(try ExpectBlockParser.parse(lines, stream: stream, fence: fence, bound: bound))
        } catch {
            throw LessonError(error)
        }
    }
}

/// A `python example` block waiting for its expect blocks.
struct ExampleDraft {
    let source: String
    let location: SourceLocation
    let options: FenceInfo.RunOptionValues
    var expects = ExpectDrafts()

    mutating func addExpect(_ lines: [String], stream: ExpectedStream, at fence: SourceLocation) throws(LessonError) {
        try expects.add(lines, stream: stream, at: fence)
    }

    func build() throws(LessonError) -> Example {
        guard !expects.blocks.isEmpty else {
            throw LessonError("example has no expect block after it", at: location,
                              hint: "add a ```expect block saying what it prints")
        }
        return Example(
            source: source, location: location, settings: options.settings,
            expectation: OutputExpectation(blocks: expects.blocks, exit: options.exit, allowsStderr: options.allowsStderr))
    }
}

/// A quiz being read.
struct QuizDraft {
    let title: String
    let location: SourceLocation
    var question: [String] = []
    var answer: (String, SourceLocation)?
    var accepted: [LinePattern] = []
    var mistakes: [Quiz.KnownMistake] = []
    var hints: [String] = []

    mutating func add(_ key: String, _ value: String, at here: SourceLocation) throws(LessonError) {
        switch key {
        case "answer":
            if answer != nil { throw LessonError("the quiz already has an answer", at: here, hint: "more accepted answers go in '- accept:' entries") }
            let (text, rest) = Self.code(value)
            guard let text, !text.isEmpty, rest.isEmpty else {
                throw LessonError("an answer is written in backticks: - answer: `42`", at: here)
            }
            answer = (text, here)
        case "accept":
            let (text, _) = Self.code(value)
            guard let text, !text.isEmpty else { throw LessonError("an accepted answer is written in backticks: - accept: `forty-two`", at: here) }
            accepted.append(try Self.pattern(text, at: here))
        case "wrong":
            let (text, rest) = Self.code(value)
            guard let text, !text.isEmpty else {
                throw LessonError("a wrong answer is written in backticks, then its feedback: - wrong: `1` — why", at: here)
            }
            let feedback = Self.trimmingSeparators(rest)
            guard !feedback.isEmpty else {
                throw LessonError("the wrong answer `\(text)` has no feedback after it", at: here,
                                  hint: "say which misconception leads to it")
            }
            mistakes.append(Quiz.KnownMistake(pattern: try Self.pattern(text, at: here), feedback: feedback))
        default:
            guard !value.isEmpty else { throw LessonError("empty hint", at: here) }
            hints.append(value)
        }
    }

    func build(question: String) throws(LessonError) -> Quiz {
        guard let answer else {
            throw LessonError("the quiz has no '- answer:' entry", at: location)
        }
        guard !question.isEmpty else { throw LessonError("the quiz has no question", at: location) }
        return Quiz(title: title, question: question, answer: answer.0, accepted: accepted,
                    mistakes: mistakes, hints: hints, location: location)
    }

    static func pattern(_ text: String, at here: SourceLocation) throws(LessonError) -> LinePattern {
        do {
            // Answers are judged with runs of spaces collapsed, so the
            // patterns they are judged by must be too.
            return try LinePattern(parsing: Quiz.normalize(text), at: here)
        } catch {
            throw LessonError(error)
        }
    }

    /// The feedback after a wrong answer, without the spaces, dashes and
    /// colons that separate it from the answer (or end it).
    static func trimmingSeparators(_ text: String) -> String {
        func isSeparator(_ character: Character) -> Bool {
            character == " " || character == "\t" || character == "—" || character == "–" || character == "-" || character == ":"
        }
        var start = text.startIndex, end = text.endIndex
        while start < end, isSeparator(text[start]) { start = text.index(after: start) }
        while end > start, isSeparator(text[text.index(before: end)]) { end = text.index(before: end) }
        return String(text[start..<end])
    }

    /// Splits `` `code` rest `` (any number of backticks, as in Markdown).
    static func code(_ value: String) -> (String?, String) {
        guard value.hasPrefix("`") else { return (nil, value) }
        let run = value.prefix { $0 == "`" }.count
        let marker = String(repeating: "`", count: run)
        let body = value.dropFirst(run)
        guard let close = body.asciiRange(of: marker) else { return (nil, value) }
        var code = String(body[..<close.lowerBound])
        if code.count >= 2, code.hasPrefix(" "), code.hasSuffix(" ") { code = String(code.dropFirst().dropLast()) }
        return (code, String(body[close.upperBound...]))
    }
}

/// An exercise being read.
struct ExerciseDraft {
    let title: String
    let location: SourceLocation
    var instructions: [String] = []
    var starter: (String, SourceLocation, FenceInfo.RunOptionValues)?
    var expects = ExpectDrafts()
    var solution: (String, SourceLocation)?
    var hints: [String] = []

    var blocks: [ExpectBlock] { expects.blocks }

    mutating func addExpect(_ lines: [String], stream: ExpectedStream, at fence: SourceLocation) throws(LessonError) {
        try expects.add(lines, stream: stream, at: fence)
    }

    func build(instructions: String) throws(LessonError) -> Exercise {
        guard let starter else {
            throw LessonError("the exercise has no ```python starter block", at: location)
        }
        guard !expects.blocks.isEmpty else {
            throw LessonError("the exercise has no expect block after its starter", at: starter.1)
        }
        guard let solution else {
            throw LessonError("the exercise has no ```python solution block", at: location,
                              hint: "verify runs the solution to prove the exercise can be solved")
        }
        return Exercise(
            title: title, instructions: instructions, starter: starter.0, starterLocation: starter.1,
            settings: starter.2.settings,
            expectation: OutputExpectation(blocks: expects.blocks, exit: starter.2.exit, allowsStderr: starter.2.allowsStderr),
            solution: solution.0, solutionLocation: solution.1, hints: hints, location: location)
    }
}
