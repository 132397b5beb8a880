import Testing

@testable import MPTutorCore

/// Every mistake the lesson parser catches, with the exact line it blames.
@Suite struct LessonParserErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The whole file, one element a line (line 1 first).
        var lines: [String]
        var line: Int
        var message: String
        var file = "Lessons/01-t.md"
        var testDescription: String { name }
    }

    /// A case whose body follows `testFrontMatter` (so it starts at line 7).
    static func body(_ name: String, _ lines: [String], line: Int, _ message: String) -> Case {
        Case(name: name, lines: testFrontMatter + lines, line: line, message: message)
    }

    static let exampleWithoutExpect = [fence("python example"), "print(1)", fence()]

    // MARK: Code blocks

    static let blockCases: [Case] = [
        body("unterminated fence", ["## S", "", fence("python example"), "print(1)", "", "more"], line: 9,
             "code block opened here is never closed with ```"),
        body("unterminated longer fence", ["## S", "````expect", "```"], line: 8, "never closed with ````"),
        body("expect with no example before it", ["## S", "", fence("expect"), "hi", fence()], line: 9,
             "expect block has no example before it"),
        body("expect after a heading ended the example", ["## S", fence("python example"), "x", fence(), fence("expect"), "1", fence(),
                                                           "## T", fence("expect"), "2", fence()], line: 15,
             "expect block has no example before it"),
        body("example without expect at the end of the file", ["## S", ""] + exampleWithoutExpect + ["", "Prose."], line: 9,
             "example has no expect block after it"),
        body("example without expect before another example", ["## S"] + exampleWithoutExpect + validStep.suffix(7), line: 8,
             "example has no expect block after it"),
        body("example without expect before a step", ["## S"] + exampleWithoutExpect + ["## T", fence("expect"), "1", fence()], line: 8,
             "example has no expect block after it"),
        body("example without expect before a quiz", ["## S"] + exampleWithoutExpect + ["### Quiz: q", "Q?", "- answer: `1`"], line: 8,
             "example has no expect block after it"),
        body("example without expect before a subheading", ["## S"] + exampleWithoutExpect + ["### Notes", fence("expect"), "1", fence()],
             line: 8, "example has no expect block after it"),
        body("example before any step", ["Intro."] + exampleWithoutExpect, line: 8, "a live example must be inside a step"),
        body("unknown role", ["## S", fence("python demo"), "x", fence()], line: 8, "unknown role 'demo' for a python block"),
        body("unknown role on py", ["## S", fence("py run"), "x", fence()], line: 8, "unknown role 'run'"),
        body("unknown option", ["## S", fence("python example retries=3"), "x", fence(), fence("expect"), fence()], line: 8,
             "unknown option 'retries'"),
        body("a second word is an unknown option", ["## S", fence("python example fast"), "x", fence()], line: 8, "unknown option 'fast'"),
        body("unknown option on a starter", ["## S", "### Exercise: e", fence("python starter retries=1"), "x", fence()], line: 9,
             "unknown option 'retries'"),
        body("options on an expect block", ["## S", fence("python example"), "x", fence(), fence("expect timeout=3"), "1", fence()],
             line: 11, "options go on the python block, not on the expect block"),
        body("unknown expect stream", ["## S", fence("python example"), "x", fence(), fence("expect stdrr"), "1", fence()],
             line: 11, "an expect block is 'expect', 'expect stderr' or 'expect merged', not 'expect stdrr'"),
    ]

    static let badOptionValues: [(String, String)] = [
        ("timeout=0", "timeout must be a number of seconds between 0 and 600, not '0'"),
        ("timeout=-1", "timeout must be a number"),
        ("timeout=601", "timeout must be a number"),
        ("timeout=soon", "not 'soon'"),
        ("timeout=", "not ''"),
        ("buffering=full", "buffering must be line, unbuffered or block, not 'full'"),
        ("buffering=Line", "buffering must be"),
        ("exit=256", "exit must be a status from 0 to 255 or 'any', not '256'"),
        ("exit=-1", "exit must be a status"),
        ("exit=ok", "exit must be a status"),
        ("stderr=some", "stderr must be 'empty' or 'any', not 'some'"),
    ]

    // MARK: Quizzes

    static let quizCases: [Case] = [
        body("quiz without answer", ["## S", "", "### Quiz: q", "What?", "- hint: h"], line: 9, "the quiz has no '- answer:' entry"),
        body("quiz without answer before the next step", ["## S", "### Quiz: q", "What?", "## T"] + validStep.dropFirst(), line: 8,
             "the quiz has no '- answer:' entry"),
        body("quiz without question", ["## S", "### Quiz: q", "", "- answer: `1`"], line: 8, "the quiz has no question"),
        body("two answers", ["## S", "### Quiz: q", "Q?", "- answer: `1`", "- answer: `2`"], line: 11, "the quiz already has an answer"),
        body("answer without backticks", ["## S", "### Quiz: q", "Q?", "- answer: 42"], line: 10, "an answer is written in backticks"),
        body("answer with text after it", ["## S", "### Quiz: q", "Q?", "- answer: `42` exactly"], line: 10, "an answer is written in backticks"),
        body("empty answer", ["## S", "### Quiz: q", "Q?", "- answer: ``"], line: 10, "an answer is written in backticks"),
        body("accept without backticks", ["## S", "### Quiz: q", "Q?", "- answer: `1`", "- accept: one"], line: 11,
             "an accepted answer is written in backticks"),
        body("accept with a bad pattern", ["## S", "### Quiz: q", "Q?", "- answer: `1`", "- accept: `{{N:float}}`"], line: 11,
             "unknown hole type 'float'"),
        body("wrong without feedback", ["## S", "### Quiz: q", "Q?", "- answer: `1`", "- wrong: `2`", "- hint: h"], line: 11,
             "the wrong answer `2` has no feedback after it"),
        body("wrong with only a dash", ["## S", "### Quiz: q", "Q?", "- answer: `1`", "- wrong: `2` — "], line: 11,
             "has no feedback after it"),
        body("wrong without backticks", ["## S", "### Quiz: q", "Q?", "- answer: `1`", "- wrong: 2 — no"], line: 11,
             "a wrong answer is written in backticks"),
        body("wrong with a bad pattern", ["## S", "### Quiz: q", "Q?", "- answer: `1`", "- wrong: `{{int` — no"], line: 11,
             "never closed"),
        body("empty hint", ["## S", "### Quiz: q", "Q?", "- answer: `1`", "- hint:"], line: 11, "empty hint"),
        body("example inside a quiz", ["## S", "### Quiz: q", "Q?", "- answer: `1`", fence("python example"), "x", fence()], line: 11,
             "a live example cannot be part of a quiz"),
        body("quiz before any step", ["### Quiz: q", "Q?", "- answer: `1`"], line: 7, "a quiz or exercise must be inside a step"),
    ]

    // MARK: Exercises

    static let starter = [fence("python starter"), "print(0)", fence()]
    static let expect = [fence("expect"), "1", fence()]
    static let solution = [fence("python solution"), "print(1)", fence()]

    static let exerciseCases: [Case] = [
        body("exercise without starter", ["## S", "### Exercise: e", "Do it."], line: 8, "the exercise has no ```python starter block"),
        body("exercise with only a solution", ["## S", "### Exercise: e", "Do it."] + solution, line: 10,
             "the solution comes after the starter and its expect blocks"),
        body("exercise with an expect but no starter", ["## S", "### Exercise: e", "Do it."] + expect + solution, line: 10,
             "expect block has no example before it"),
        body("exercise without expect", ["## S", "### Exercise: e", "Do it."] + starter, line: 10,
             "the exercise has no expect block after its starter"),
        body("exercise without solution", ["## S", "### Exercise: e", "Do it."] + starter + expect + ["- hint: h"], line: 8,
             "the exercise has no ```python solution block"),
        body("solution before expect", ["## S", "### Exercise: e", "Do it."] + starter + solution + expect, line: 13,
             "the solution comes after the starter and its expect blocks"),
        body("expect after the solution", ["## S", "### Exercise: e", "Do it."] + starter + expect + solution + expect, line: 19,
             "expect block has no example before it"),
        body("two starters", ["## S", "### Exercise: e", "Do it."] + starter + starter, line: 13, "the exercise already has a starter block"),
        body("two solutions", ["## S", "### Exercise: e", "Do it."] + starter + expect + solution + solution, line: 19,
             "the exercise already has a solution"),
        body("options on the solution", ["## S", "### Exercise: e", "Do it."] + starter + expect + [fence("python solution timeout=3"), "x", fence()],
             line: 16, "options go on the starter block, not on the solution"),
        body("starter outside an exercise", ["## S"] + starter, line: 8, "a starter block must be inside an exercise"),
        body("solution outside an exercise", ["## S"] + solution, line: 8, "a solution block must be inside an exercise"),
        body("answer in an exercise", ["## S", "### Exercise: e", "Do it."] + starter + expect + solution + ["- answer: `1`"], line: 19,
             "'- answer:' belongs to a quiz, not to an exercise"),
        body("example inside an exercise", ["## S", "### Exercise: e", "Do it."] + [fence("python example"), "x", fence()], line: 10,
             "a live example cannot be part of an exercise"),
        body("exercise before any step", ["### Exercise: e"], line: 7, "a quiz or exercise must be inside a step"),
    ]

    // MARK: Entries and structure

    static let structureCases: [Case] = [
        body("answer outside a quiz", ["## S", "", "- answer: `1`"] + validStep.dropFirst(), line: 9, "'- answer:' outside a quiz or exercise"),
        body("hint in the introduction", ["Intro.", "- hint: h"] + validStep, line: 8, "'- hint:' outside a quiz or exercise"),
        body("wrong after a step's prose", ["## S", "Text.", "- wrong: `x` — y"] + validStep.dropFirst(), line: 9, "outside a quiz or exercise"),
        body("step heading without title", ["##"] + validStep, line: 7, "a step heading needs a title"),
        body("no steps", ["", "Just an introduction.", ""], line: 9, "the lesson has no steps"),
    ]

    // MARK: Front matter

    static let frontMatterCases: [Case] = [
        Case(name: "unterminated front matter", lines: ["---", "id: t", "summary: S", "", "## S"], line: 1,
             message: "front matter starting with '---' is never closed with '---'"),
        Case(name: "unknown key", lines: ["---", "id: t", "author: me", "summary: S", "---"] + validStep, line: 3,
             message: "unknown front matter key 'author'"),
        Case(name: "duplicate key", lines: ["---", "id: t", "summary: S", "id: u", "---"] + validStep, line: 4,
             message: "'id' is given twice in the front matter"),
        Case(name: "duplicate key in another case", lines: ["---", "Title: A", "summary: S", "title: B", "---"] + validStep, line: 4,
             message: "'title' is given twice"),
        Case(name: "line without a colon", lines: ["---", "summary: S", "just words", "---"] + validStep, line: 3,
             message: "front matter lines are 'key: value', not 'just words'"),
        Case(name: "bad order", lines: ["---", "title: T", "summary: S", "order: second", "---"] + validStep, line: 4,
             message: "order must be a whole number, not 'second'"),
        Case(name: "fractional order", lines: ["---", "title: T", "summary: S", "order: 1.5", "---"] + validStep, line: 4,
             message: "order must be a whole number"),
        Case(name: "missing summary", lines: ["---", "id: t", "title: T", "---"] + validStep, line: 1,
             message: "the front matter has no summary"),
        Case(name: "empty summary", lines: ["---", "title: T", "summary:", "---"] + validStep, line: 1, message: "the front matter has no summary"),
        Case(name: "no front matter", lines: ["# T"] + validStep, line: 1, message: "the front matter has no summary"),
        Case(name: "bad id", lines: ["---", "title: T", "id: my lesson", "summary: S", "---"] + validStep, line: 3,
             message: "lesson id 'my lesson' may hold only letters, digits, '-' and '_'"),
        Case(name: "id with a slash", lines: ["---", "id: a/b", "summary: S", "---"] + validStep, line: 2, message: "lesson id 'a/b'"),
        Case(name: "bad id from the file name", lines: ["---", "title: T", "summary: S", "---"] + validStep, line: 1,
             message: "lesson id 'my lesson' may hold only", file: "Lessons/05-my lesson.md"),
        Case(name: "no id in the file name", lines: ["---", "title: T", "summary: S", "---"] + validStep, line: 1,
             message: "lesson id '' may hold only", file: "Lessons/05.md"),
        Case(name: "no title", lines: ["---", "summary: S", "---"] + validStep, line: 1, message: "the lesson has no title"),
        Case(name: "no order", lines: ["---", "title: T", "summary: S", "---"] + validStep, line: 1, message: "the lesson has no order",
             file: "Lessons/pipe.md"),
    ]

    @Test(arguments: blockCases + quizCases + exerciseCases + structureCases + frontMatterCases)
    func mistakesAreReportedAtTheirLine(_ mistake: Case) throws {
        let error = try #require(lessonError(mistake.lines, file: mistake.file), "the lesson was accepted")
        #expect(error.message.contains(mistake.message), "\(error.message)")
        #expect(error.location == SourceLocation(file: mistake.file, line: mistake.line), "\(error)")
    }

    @Test(arguments: badOptionValues)
    func badOptionValuesAreRefused(option: String, message: String) throws {
        let lines = testFrontMatter + ["## S", fence("python example \(option)"), "x", fence(), fence("expect"), fence()]
        let error = try #require(lessonError(lines))
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.location.line == 8)
    }

    @Test func unknownOptionsListTheKnownOnes() throws {
        let error = try #require(lessonError(testFrontMatter + ["## S", fence("python example retries=3"), "x", fence()]))
        #expect(error.hint?.contains("timeout=SECONDS") == true)
        #expect(error.description.hasPrefix("Lessons/01-t.md:8: unknown option 'retries'"))
    }

    // MARK: Pattern errors inside expect blocks

    /// A step whose example's expect block holds `patterns`; the fence is
    /// at line 11, so pattern `i` (from 0) is at line 12 + i.
    static func expectCase(_ name: String, _ patterns: [String], line: Int, _ message: String) -> Case {
        body(name, ["## S", fence("python example"), "print(1)", fence(), fence("expect")] + patterns + [fence()], line: line, message)
    }

    static let patternCases: [Case] = [
        expectCase("unclosed {{", ["a", "b {{int"], line: 13, "is never closed with '}}'"),
        expectCase("unknown hole type", ["{{N:float}}"], line: 12, "unknown hole type 'float'"),
        expectCase("capture bound twice", ["{{P:int}}", "x", "{{P:int}}"], line: 14, "capture 'P' is already bound"),
        expectCase("reference before binding", ["a", "parent {{P}}", "child of {{P:int}}"], line: 13,
                   "'{{P}}' refers to a capture that is not bound before this line"),
        expectCase("reference to a capture bound in the same group", ["@any-order", "I am {{P:int}}", "my parent is {{P}}", "@end"],
                   line: 14, "refers to a capture that is not bound before this line"),
        expectCase("@end without @any-order", ["a", "@end"], line: 13, "@end without an @any-order before it"),
        expectCase("unclosed @any-order", ["a", "@any-order", "b", "c"], line: 13, "@any-order is never closed with @end"),
        expectCase("@count at the end", ["a", "@count 2"], line: 13, "@count is not followed by a pattern line"),
        expectCase("@count before @end", ["@any-order", "a", "@count 2", "@end"], line: 15, "@count must be followed by a pattern line"),
        expectCase("unknown directive", ["a", "b", "@often c"], line: 14, "unknown directive '@often'"),
        expectCase("bad regex", ["{{/(?=x)/}}"], line: 12, "look-arounds"),
        body("capture bound again in a later block",
             ["## S", fence("python example"), "print(1)", fence(), fence("expect"), "{{P:int}}", fence(), fence("expect stderr"), "{{P:int}}", fence()],
             line: 15, "capture 'P' is already bound"),
        body("reference to a capture of a later block",
             ["## S", fence("python example"), "print(1)", fence(), fence("expect stderr"), "{{P}}", fence(), fence("expect"), "{{P:int}}", fence()],
             line: 12, "refers to a capture"),
        body("pattern error in an exercise",
             ["## S", "### Exercise: e", "Do it.", fence("python starter"), "x", fence(), fence("expect"), "ok", "{{N:float}}", fence()],
             line: 15, "unknown hole type 'float'"),
        body("pattern error in an expect with a longer fence",
             ["## S", fence("python example"), "print(1)", fence(), "````expect", "a", "@bogus", "````"], line: 13, "unknown directive '@bogus'"),
    ]

    @Test(arguments: patternCases)
    func patternErrorsAreReportedAtTheirLine(_ mistake: Case) throws {
        let error = try #require(lessonError(mistake.lines, file: mistake.file), "the lesson was accepted")
        #expect(error.message.contains(mistake.message), "\(error.message)")
        #expect(error.location == SourceLocation(file: mistake.file, line: mistake.line), "\(error)")
    }

    @Test func patternErrorsKeepTheirHint() throws {
        let lines = testFrontMatter + ["## S", fence("python example"), "print(1)", fence(), fence("expect"), "@any-order", "{{P:int}}", "{{P}}", "@end", fence()]
        let error = try #require(lessonError(lines))
        #expect(error.hint?.contains("only after its @end") == true)
        #expect(error.description.contains("\n  hint: "))
    }
}
