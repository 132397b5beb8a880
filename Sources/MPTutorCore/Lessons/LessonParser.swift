import FoundationEssentials

/// Reads a lesson file (the format of `Lessons/README.md`) into a `Lesson`.
///
/// It is a single pass over the lines, in the spirit of a Markdown reader
/// that only looks at what it needs: front matter, `#`/`##`/`###` headings,
/// fenced blocks and the `- answer:`/`- hint:` entries of quizzes and
/// exercises. Everything else is prose and is kept as written.
public enum LessonParser {
    /// Parses a lesson.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - file: the path used in messages and to derive a default id and order.
    /// - Throws: `LessonError` at the first mistake, with its line.
    public static func parse(_ text: String, file: String) throws(LessonError) -> Lesson {
        var state = ParserState(text: text, file: file)
        try state.run()
        return try state.finish()
    }
}

/// The mutable state of one parse.
private struct ParserState {
    let file: String
    let lines: [String]
    var index = 0
    var meta: [String: (value: String, line: Int)] = [:]
    var headingTitle: String?
    var introduction: [String] = []
    var steps: [Step] = []
    var step: (title: String, location: SourceLocation, blocks: [StepBlock], prose: [String])?
    var section: Section = .body
    var example: ExampleDraft?

    enum Section {
        case body
        case quiz(QuizDraft)
        case exercise(ExerciseDraft)
    }

    init(text: String, file: String) {
        self.file = file
        // Split on the byte: "\r\n" is a single Character, which a
        // character-wise split on "\n" would not cut (and bytes are the
        // fastest way through a file that is valid UTF-8 already).
        var text = text
        var lines: [String] = []
        text.withUTF8 { bytes in
            lines.reserveCapacity(bytes.count / 40)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 10 { end += 1 }
                let cut = end > start && bytes[end - 1] == 13 ? end - 1 : end
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cut]), as: UTF8.self))
                start = end + 1
            }
        }
        self.lines = lines
    }

    func location(_ line: Int) -> SourceLocation { SourceLocation(file: file, line: line + 1) }

    mutating func run() throws(LessonError) {
        try readFrontMatter()
        while index < lines.count {
            let line = lines[index]
            if let fence = Fence(opening: line) {
                try readFencedBlock(fence)
                continue
            }
            if let (level, title) = heading(line) {
                try handleHeading(level: level, title: title)
                index += 1
                continue
            }
            if let entry = listEntry(line) {
                try handleEntry(entry)
                continue
            }
            addProse(line)
            index += 1
        }
        try finishStep()
    }

    // MARK: Front matter

    mutating func readFrontMatter() throws(LessonError) {
        guard lines.first?.trimmedOfSpaces == "---" else { return }
        var line = 1
        while line < lines.count, lines[line].trimmedOfSpaces != "---" {
            let text = lines[line]
            if text.isBlank || text.hasPrefix("#") {
                line += 1
                continue
            }
            guard let colon = text.firstIndex(of: ":") else {
                throw LessonError("front matter lines are 'key: value', not '\(text)'", at: location(line))
            }
            let key = text[..<colon].trimmedOfSpaces.lowercased()
            let value = text[text.index(after: colon)...].trimmedOfSpaces
            guard ["id", "title", "order", "summary"].contains(key) else {
                throw LessonError("unknown front matter key '\(key)'", at: location(line),
                                  hint: "the keys are id, title, order and summary")
            }
            if meta[key] != nil {
                throw LessonError("'\(key)' is given twice in the front matter", at: location(line))
            }
            meta[key] = (unquote(value), line)
            line += 1
        }
        guard line < lines.count else {
            throw LessonError("front matter starting with '---' is never closed with '---'", at: location(0))
        }
        index = line + 1
    }

    private func unquote(_ value: String) -> String {
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        return value
    }

    // MARK: Headings

    func heading(_ line: String) -> (Int, String)? {
        guard line.hasPrefix("#") else { return nil }
        let level = line.asciiRunLength(of: UInt8(ascii: "#"))
        guard level <= 6 else { return nil }
        let rest = line.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        return (level, rest.trimmedOfSpaces)
    }

    /// `### Quiz`, `### Quiz: …` (not `### Quizzes`).
    static func isSection(_ title: String, _ kind: String) -> Bool {
        guard title.hasASCIIPrefixIgnoringCase(kind) else { return false }
        let rest = title.utf8.dropFirst(kind.utf8.count)
        return rest.isEmpty || rest.first == UInt8(ascii: ":")
    }

    mutating func handleHeading(level: Int, title: String) throws(LessonError) {
        let here = location(index)
        switch level {
        case 1 where step == nil:
            try finishExample()
            if headingTitle == nil { headingTitle = title } else { introduction.append(lines[index]) }
        case 2:
            try finishStep()
            guard !title.isEmpty else { throw LessonError("a step heading needs a title", at: here) }
            step = (title, here, [], [])
        case 3 where Self.isSection(title, "quiz"), 3 where Self.isSection(title, "exercise"):
            guard step != nil else {
                throw LessonError("a quiz or exercise must be inside a step", at: here,
                                  hint: "put a '## Step title' heading before it")
            }
            try finishSection()
            let isQuiz = Self.isSection(title, "quiz")
            let name = title.drop { $0 != ":" }.dropFirst().trimmedOfSpaces
            section = isQuiz
                ? .quiz(QuizDraft(title: name, location: here))
                : .exercise(ExerciseDraft(title: name, location: here))
        default:
            try finishSection()
            addProse(lines[index])
        }
    }

    // MARK: Prose and entries

    mutating func addProse(_ line: String) {
        switch section {
        case .quiz(var quiz):
            quiz.question.append(line)
            section = .quiz(quiz)
        case .exercise(var exercise):
            exercise.instructions.append(line)
            section = .exercise(exercise)
        case .body:
            if step == nil { introduction.append(line) } else { step!.prose.append(line) }
        }
    }

    func listEntry(_ line: String) -> (key: String, value: String, line: Int)? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") else { return nil }
        let body = trimmed.dropFirst(2).drop { $0 == " " }
        for key in ["answer:", "accept:", "wrong:", "hint:"] where body.hasASCIIPrefixIgnoringCase(key) {
            let key = String(key.dropLast())
            return (key, String(body.dropFirst(key.count + 1)).trimmedOfSpaces, index)
        }
        return nil
    }

    mutating func handleEntry(_ entry: (key: String, value: String, line: Int)) throws(LessonError) {
        // Continuation lines: indented, not blank, not another entry.
        var value = entry.value
        index += 1
        while index < lines.count, lines[index].hasPrefix("  "),
              !lines[index].isBlank, listEntry(lines[index]) == nil {
            value += " " + lines[index].trimmedOfSpaces
            index += 1
        }
        let here = location(entry.line)
        switch section {
        case .quiz(var quiz):
            try quiz.add(entry.key, value, at: here)
            section = .quiz(quiz)
        case .exercise(var exercise):
            guard entry.key == "hint" else {
                throw LessonError("'- \(entry.key):' belongs to a quiz, not to an exercise", at: here)
            }
            exercise.hints.append(value)
            section = .exercise(exercise)
        case .body:
            throw LessonError("'- \(entry.key):' outside a quiz or exercise", at: here,
                              hint: "start a quiz with '### Quiz: …' or an exercise with '### Exercise: …'")
        }
    }

    // MARK: Fenced blocks

    mutating func readFencedBlock(_ fence: Fence) throws(LessonError) {
        let start = index
        var body: [String] = []
        index += 1
        while index < lines.count, !fence.isClosed(by: lines[index]) {
            body.append(fence.dedent(lines[index]))
            index += 1
        }
        guard index < lines.count else {
            throw LessonError("code block opened here is never closed with \(fence.marker)", at: location(start))
        }
        index += 1
        try handleBlock(FenceInfo(fence.info), body: body, at: location(start), raw: Array(lines[start..<index]))
    }

    mutating func handleBlock(_ info: FenceInfo, body: [String], at here: SourceLocation, raw: [String]) throws(LessonError) {
        let source = body.joined(separator: "\n") + (body.isEmpty ? "" : "\n")
        switch (info.language, info.role) {
        case ("expect", let role):
            guard let stream = ExpectedStream(rawValue: role ?? "stdout") else {
                throw LessonError("an expect block is 'expect', 'expect stderr' or 'expect merged', not 'expect \(role ?? "")'", at: here)
            }
            if !info.options.isEmpty {
                throw LessonError("options go on the python block, not on the expect block", at: here)
            }
            if example != nil {
                try example!.addExpect(body, stream: stream, at: here)
            } else if case .exercise(var exercise) = section, exercise.starter != nil, exercise.solution == nil {
                try exercise.addExpect(body, stream: stream, at: here)
                section = .exercise(exercise)
            } else {
                throw LessonError("expect block has no example before it", at: here,
                                  hint: "put it right after a ```python example block (or an exercise's ```python starter)")
            }
        case ("python", "example"), ("py", "example"):
            try finishExample()
            guard step != nil else {
                throw LessonError("a live example must be inside a step", at: here, hint: "put a '## Step title' heading before it")
            }
            if case .quiz = section {
                throw LessonError("a live example cannot be part of a quiz", at: here,
                                  hint: "put the example before the '### Quiz' heading, or show the code with a plain ```python block")
            }
            if case .exercise = section {
                throw LessonError("a live example cannot be part of an exercise", at: here,
                                  hint: "an exercise has ```python starter and ```python solution blocks")
            }
            flushProse()
            example = ExampleDraft(source: source, location: here, options: try info.runOptions(at: here))
        case ("python", "starter"), ("py", "starter"):
            guard case .exercise(var exercise) = section else {
                throw LessonError("a starter block must be inside an exercise", at: here, hint: "start one with '### Exercise: …'")
            }
            if exercise.starter != nil { throw LessonError("the exercise already has a starter block", at: here) }
            exercise.starter = (source, here, try info.runOptions(at: here))
            section = .exercise(exercise)
        case ("python", "solution"), ("py", "solution"):
            guard case .exercise(var exercise) = section else {
                throw LessonError("a solution block must be inside an exercise", at: here)
            }
            guard exercise.starter != nil, !exercise.blocks.isEmpty else {
                throw LessonError("the solution comes after the starter and its expect blocks", at: here)
            }
            if exercise.solution != nil { throw LessonError("the exercise already has a solution", at: here) }
            if !info.options.isEmpty { throw LessonError("options go on the starter block, not on the solution", at: here) }
            exercise.solution = (source, here)
            section = .exercise(exercise)
        case ("python", let role?), ("py", let role?):
            throw LessonError("unknown role '\(role)' for a python block", at: here,
                              hint: "use 'python example', 'python starter', 'python solution', or plain 'python' for code that is only shown")
        default:
            switch section {
            case .body:
                guard step != nil else { introduction += raw; return }
                // A shown block after a complete example comes after it.
                if example?.expects.blocks.isEmpty == false { try finishExample() }
                flushProse()
                step!.blocks.append(.code(source, language: info.language))
            case .quiz, .exercise:
                for line in raw { addProse(line) }
            }
        }
    }

    // MARK: Finishing

    mutating func flushProse() {
        guard step != nil else { return }
        let text = trimmedBlock(step!.prose)
        if !text.isEmpty { step!.blocks.append(.prose(text)) }
        step!.prose = []
    }

    mutating func finishExample() throws(LessonError) {
        guard let draft = example else { return }
        example = nil
        let built = try draft.build()
        // Prose written between the example and now comes after it.
        step?.blocks.append(.example(built))
        flushProse()
    }

    mutating func finishSection() throws(LessonError) {
        try finishExample()
        switch section {
        case .body:
            break
        case .quiz(let quiz):
            flushProse()
            step?.blocks.append(.quiz(try quiz.build(question: trimmedBlock(quiz.question))))
        case .exercise(let exercise):
            flushProse()
            step?.blocks.append(.exercise(try exercise.build(instructions: trimmedBlock(exercise.instructions))))
        }
        section = .body
    }

    mutating func finishStep() throws(LessonError) {
        try finishSection()
        guard step != nil else { return }
        flushProse()
        steps.append(Step(number: steps.count + 1, title: step!.title, location: step!.location, blocks: step!.blocks))
        step = nil
    }

    func finish() throws(LessonError) -> Lesson {
        let base = file.pathStem
        let digits = base.prefix { $0.isNumber }
        var derivedID = String(base.dropFirst(digits.count))
        if derivedID.first == "-" || derivedID.first == "_" { derivedID.removeFirst() }
        let id = meta["id"]?.value ?? derivedID
        let idLine = meta["id"].map { location($0.line) } ?? location(0)
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw LessonError("lesson id '\(id)' may hold only letters, digits, '-' and '_'", at: idLine,
                              hint: "set 'id:' in the front matter")
        }
        guard let title = meta["title"]?.value ?? headingTitle, !title.isEmpty else {
            throw LessonError("the lesson has no title", at: location(0),
                              hint: "add 'title: …' to the front matter or a '# Title' heading")
        }
        var order = Int(digits) ?? Int.max
        if let given = meta["order"] {
            guard let value = Int(given.value) else {
                throw LessonError("order must be a whole number, not '\(given.value)'", at: location(given.line))
            }
            order = value
        }
        guard order != Int.max else {
            throw LessonError("the lesson has no order", at: location(0),
                              hint: "add 'order: N' to the front matter or start the file name with a number")
        }
        guard let summary = meta["summary"]?.value, !summary.isEmpty else {
            throw LessonError("the front matter has no summary", at: location(0),
                              hint: "add 'summary: one line for mptutor list'")
        }
        guard !steps.isEmpty else {
            throw LessonError("the lesson has no steps", at: location(max(0, lines.count - 1)),
                              hint: "each '## ' heading starts a step")
        }
        return Lesson(id: id, title: title, order: order, summary: summary, file: file,
                      introduction: trimmedBlock(introduction), steps: steps, idLine: idLine.line)
    }
}

/// Joins lines, dropping blank lines at both ends.
func trimmedBlock(_ lines: [String]) -> String {
    var lines = lines[...]
    while lines.first?.isBlank == true { lines.removeFirst() }
    while lines.last?.isBlank == true { lines.removeLast() }
    return lines.joined(separator: "\n")
}

extension StringProtocol {
    /// Whether the text is empty or only spaces and tabs (without making a
    /// trimmed copy).
    var isBlank: Bool { utf8.allSatisfy { $0 == 32 || $0 == 9 } }

    /// Without spaces and tabs at either end: the parser's hot path, which
    /// Foundation's `trimmingCharacters(in:)` made several times slower.
    var trimmedOfSpaces: String {
        // On the bytes: spaces and tabs are ASCII, so the cut is always at
        // a character boundary.
        let text = Substring(self)
        let bytes = text.utf8
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 32 || bytes[start] == 9 { start = bytes.index(after: start) }
        while end > start {
            let before = bytes.index(before: end)
            guard bytes[before] == 32 || bytes[before] == 9 else { break }
            end = before
        }
        return String(text[start..<end])
    }
}
