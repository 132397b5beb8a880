import Foundation
import Testing

@testable import MPTutorCore

/// Reading a valid lesson: front matter, introduction, steps, examples
/// with their options, quizzes and exercises.
@Suite struct LessonParserTests {
    /// A lesson with every kind of content; the comments give line numbers.
    static let completeLesson: [String] = [
        "---",                                                          // 1
        "title: Pipes",                                                 // 2
        "summary: Two ends of a pipe.",                                 // 3
        "---",                                                          // 4
        "",                                                             // 5
        "Intro line one.",                                              // 6
        "",                                                             // 7
        "Intro line two.",                                              // 8
        "",                                                             // 9
        "## First step",                                                // 10
        "",                                                             // 11
        "Some prose.",                                                  // 12
        "",                                                             // 13
        fence(#"python example timeout=5 buffering=block exit=3 stderr=any stdin=a\nb\sc"#), // 14
        "import sys",                                                   // 15
        "print(sys.stdin.read())",                                      // 16
        "sys.exit(3)",                                                  // 17
        fence(),                                                        // 18
        "",                                                             // 19
        fence("expect"),                                                // 20
        "a",                                                            // 21
        "b c {{N:int}}",                                                // 22
        "@skip",                                                        // 23
        fence(),                                                        // 24
        "",                                                             // 25
        fence("expect stderr"),                                         // 26
        "warning {{N}}",                                                // 27
        fence(),                                                        // 28
        "",                                                             // 29
        "### Quiz: what is printed?",                                   // 30
        "",                                                             // 31
        "What does the program print",                                  // 32
        "first?",                                                       // 33
        "",                                                             // 34
        "- answer: `a`",                                                // 35
        "- accept: `the letter a`",                                     // 36
        "- wrong: `b` — The input is read in",                          // 37
        "  order, so `a` comes first.",                                 // 38
        "- hint: Look at stdin=.",                                      // 39
        "- hint: It is the first",                                      // 40
        "  letter of the input.",                                       // 41
        "",                                                             // 42
        "## Second step",                                               // 43
        "",                                                             // 44
        fence("python"),                                                // 45
        "print(\"shown, not run\")",                                    // 46
        fence(),                                                        // 47
        "",                                                             // 48
        "### Exercise: print your pid",                                 // 49
        "",                                                             // 50
        "Print `pid N`.",                                               // 51
        "",                                                             // 52
        fence("python starter timeout=2"),                              // 53
        "print(\"nothing\")",                                           // 54
        fence(),                                                        // 55
        "",                                                             // 56
        fence("expect"),                                                // 57
        "pid {{P:int}}",                                                // 58
        fence(),                                                        // 59
        "",                                                             // 60
        fence("expect merged"),                                         // 61
        "pid {{P}}",                                                    // 62
        fence(),                                                        // 63
        "",                                                             // 64
        fence("python solution"),                                       // 65
        "import os",                                                    // 66
        "print(\"pid\", os.getpid())",                                  // 67
        fence(),                                                        // 68
        "",                                                             // 69
        "- hint: os.getpid()",                                          // 70
        "- hint: print(\"pid\", ...)",                                  // 71
    ]

    static let file = "Lessons/07-pipe.md"

    private func at(_ line: Int) -> SourceLocation { SourceLocation(file: Self.file, line: line) }

    @Test func readsTheFrontMatterAndDerivesIdAndOrderFromTheFileName() throws {
        let lesson = try parseLesson(Self.completeLesson, file: Self.file)
        #expect(lesson.id == "pipe")
        #expect(lesson.order == 7)
        #expect(lesson.title == "Pipes")
        #expect(lesson.summary == "Two ends of a pipe.")
        #expect(lesson.file == Self.file)
        #expect(lesson.introduction == "Intro line one.\n\nIntro line two.")
    }

    @Test func aHeadingThatOnlyStartsWithQuizIsProse() throws {
        let lesson = try parseLesson([
            "---", "summary: s", "title: t", "---", "## One", "### Quizzes ahead", "Some text.",
        ])
        #expect(lesson.steps[0].quizzes.isEmpty)
        guard case .prose(let text) = lesson.steps[0].blocks.first else {
            Issue.record("expected prose")
            return
        }
        #expect(text.contains("### Quizzes ahead"))
    }

    @Test func readsTheSteps() throws {
        let lesson = try parseLesson(Self.completeLesson, file: Self.file)
        #expect(lesson.steps.map(\.number) == [1, 2])
        #expect(lesson.steps.map(\.title) == ["First step", "Second step"])
        #expect(lesson.steps.map(\.location) == [at(10), at(43)])
        let first = lesson.steps[0].blocks
        #expect(first.count == 3)
        if case .prose(let text) = first.first { #expect(text == "Some prose.") } else { Issue.record("\(first)") }
        let second = lesson.steps[1].blocks
        #expect(second.count == 2)
        if case .code(let source, let language) = second.first {
            #expect(source == "print(\"shown, not run\")\n")
            #expect(language == "python")
        } else {
            Issue.record("\(second)")
        }
        #expect(lesson.examples.map(\.step) == [1])
        #expect(lesson.quizzes.map(\.step) == [1])
        #expect(lesson.exercises.map(\.step) == [2])
    }

    @Test func readsAnExampleWithEveryOption() throws {
        let lesson = try parseLesson(Self.completeLesson, file: Self.file)
        let example = try #require(lesson.steps[0].examples.first)
        #expect(example.source == "import sys\nprint(sys.stdin.read())\nsys.exit(3)\n")
        #expect(example.location == at(14))
        #expect(example.settings == RunSettings(timeout: 5, buffering: .block, stdin: "a\nb c"))
        #expect(example.settings.runOptions.timeout == 5)
        #expect(example.expectation.exit == .status(3))
        #expect(example.expectation.allowsStderr)
        let blocks = example.expectation.blocks
        #expect(blocks.map(\.stream) == [.stdout, .stderr])
        #expect(blocks.map(\.location) == [at(20), at(26)])
        guard case .line(let first) = blocks[0].items.first else { Issue.record("\(blocks[0].items)"); return }
        #expect(first.pattern.location == at(21))
        guard case .line(let reference) = blocks[1].items.first else { Issue.record("\(blocks[1].items)"); return }
        #expect(reference.pattern.location == at(27))
        #expect(reference.pattern.referencedNames == ["N"])
    }

    @Test func theExamplesExpectationChecksARun() throws {
        let lesson = try parseLesson(Self.completeLesson, file: Self.file)
        let expectation = try #require(lesson.steps[0].examples.first).expectation
        let good = fakeRun(stdout: ["a", "b c 5", "more"], stderr: ["warning 5"], termination: .exited(3))
        #expect(expectation.check(good).passed)
        let bad = fakeRun(stdout: ["a", "b c 5"], stderr: ["warning 6"], termination: .exited(3))
        #expect(expectation.check(bad).failures.first?.location == at(27))
    }

    @Test func defaultsWhenNoOptionIsGiven() throws {
        let lesson = try parseLesson(testFrontMatter + validStep)
        let example = try #require(lesson.examples.first?.example)
        #expect(example.settings == RunSettings())
        #expect(example.settings.timeout == 10)
        #expect(example.settings.buffering == .line)
        #expect(example.settings.stdin == nil)
        #expect(example.expectation.exit == .status(0))
        #expect(!example.expectation.allowsStderr)
    }

    @Test(arguments: [
        ("exit=any", ExitExpectation.any),
        ("exit=0", .status(0)),
        ("exit=255", .status(255)),
        ("stderr=empty exit=1", .status(1)),
    ])
    func readsExitOptions(options: String, exit: ExitExpectation) throws {
        var lines = testFrontMatter + validStep
        lines[8] = fence("python example " + options)
        let lesson = try parseLesson(lines)
        #expect(lesson.examples.first?.example.expectation.exit == exit)
    }

    @Test(arguments: OutputBuffering.allCases)
    func readsEveryBufferingMode(mode: OutputBuffering) throws {
        var lines = testFrontMatter + validStep
        lines[8] = fence("python example buffering=\(mode.rawValue)")
        #expect(try parseLesson(lines).examples.first?.example.settings.buffering == mode)
    }

    @Test func readsAQuiz() throws {
        let lesson = try parseLesson(Self.completeLesson, file: Self.file)
        let quiz = try #require(lesson.steps[0].quizzes.first)
        #expect(quiz.title == "what is printed?")
        #expect(quiz.question == "What does the program print\nfirst?")
        #expect(quiz.answer == "a")
        #expect(quiz.accepted.map(\.source) == ["the letter a"])
        #expect(quiz.accepted.map(\.location) == [at(36)])
        #expect(quiz.mistakes.map(\.pattern.source) == ["b"])
        #expect(quiz.mistakes.map(\.pattern.location) == [at(37)])
        #expect(quiz.mistakes.map(\.feedback) == ["The input is read in order, so `a` comes first."])
        #expect(quiz.hints == ["Look at stdin=.", "It is the first letter of the input."])
        #expect(quiz.location == at(30))
    }

    @Test func readsAnExercise() throws {
        let lesson = try parseLesson(Self.completeLesson, file: Self.file)
        let exercise = try #require(lesson.steps[1].exercises.first)
        #expect(exercise.title == "print your pid")
        #expect(exercise.instructions == "Print `pid N`.")
        #expect(exercise.starter == "print(\"nothing\")\n")
        #expect(exercise.starterLocation == at(53))
        #expect(exercise.settings.timeout == 2)
        #expect(exercise.expectation.blocks.map(\.stream) == [.stdout, .merged])
        #expect(exercise.expectation.exit == .status(0))
        #expect(exercise.solution == "import os\nprint(\"pid\", os.getpid())\n")
        #expect(exercise.solutionLocation == at(65))
        #expect(exercise.hints == ["os.getpid()", "print(\"pid\", ...)"])
        #expect(exercise.location == at(49))
    }

    @Test func theFrontMatterOverridesTheFileName() throws {
        let lines = ["---", "id: my_lesson-2", "title: 'Quoted title'", "order: 12", "summary: \"Quoted summary\"", "---"] + validStep
        let lesson = try parseLesson(lines, file: "Lessons/03-other.md")
        #expect(lesson.id == "my_lesson-2")
        #expect(lesson.order == 12)
        #expect(lesson.title == "Quoted title")
        #expect(lesson.summary == "Quoted summary")
    }

    @Test(arguments: [
        ("Lessons/07-pipe.md", "pipe", 7),
        ("07_pipe.md", "pipe", 7),
        ("/abs/path/123-queues-and-pipes.md", "queues-and-pipes", 123),
        ("Lessons/00-intro.markdown", "intro", 0),
    ])
    func derivesIdAndOrderFromFileNames(file: String, id: String, order: Int) throws {
        let lines = ["---", "title: T", "summary: S", "---"] + validStep
        let lesson = try parseLesson(lines, file: file)
        #expect(lesson.id == id)
        #expect(lesson.order == order)
    }

    @Test func theTitleMayComeFromTheFirstHeading() throws {
        let lines = ["---", "summary: S", "---", "", "# Queues", "", "Intro.", "", "# Not a title"] + validStep
        let lesson = try parseLesson(lines, file: "Lessons/04-queue.md")
        #expect(lesson.title == "Queues")
        #expect(lesson.introduction == "Intro.\n\n# Not a title")
    }

    @Test func windowsLineEndingsAreAccepted() throws {
        let text = lessonText(testFrontMatter + validStep).replacingOccurrences(of: "\n", with: "\r\n")
        let lesson = try LessonParser.parse(text, file: "x.md")
        #expect(lesson.id == "t")
        #expect(lesson.examples.first?.example.source == "print('hi')\n")
    }

    @Test func tildeAndLongerFencesWork() throws {
        let lines = testFrontMatter + [
            "## S",
            "~~~py example",
            "print('```')",
            "~~~",
            "````expect",
            "```",
            "````",
        ]
        let lesson = try parseLesson(lines)
        let example = try #require(lesson.examples.first?.example)
        #expect(example.source == "print('```')\n")
        #expect(example.expectation.blocks.first?.items == [
            .line(ExpectedLine(pattern: try LinePattern(parsing: "```", at: SourceLocation(file: "Lessons/01-t.md", line: 12)))),
        ])
    }

    @Test func indentedFencesAreDedented() throws {
        let lines = testFrontMatter + ["## S", "  ```python example", "  print(1)", "    x = 2", "  ```", "  ```expect", "  1", "  ```"]
        let example = try #require(try parseLesson(lines).examples.first?.example)
        #expect(example.source == "print(1)\n  x = 2\n")
    }

    @Test func severalExamplesInOneStepKeepTheirOrder() throws {
        let lines = testFrontMatter + [
            "## S",
            fence("python example"), "print(1)", fence(), fence("expect"), "1", fence(),
            "Between.",
            fence("python example"), "print(2)", fence(), fence("expect"), "2", fence(),
        ]
        let step = try parseLesson(lines).steps[0]
        #expect(step.examples.map(\.source) == ["print(1)\n", "print(2)\n"])
        #expect(step.blocks.count == 3)
        if case .prose(let text) = step.blocks[1] { #expect(text == "Between.") } else { Issue.record("\(step.blocks)") }
    }

    @Test func capturesAreSeparatePerExample() throws {
        // Each example binds its own P: the second binding is no error.
        let lines = testFrontMatter + [
            "## S",
            fence("python example"), "print(1)", fence(), fence("expect"), "{{P:int}}", fence(),
            fence("python example"), "print(2)", fence(), fence("expect"), "{{P:int}}", fence(),
        ]
        #expect(try parseLesson(lines).examples.count == 2)
    }

    @Test func proseListsThatAreNotEntriesStayProse() throws {
        let lines = testFrontMatter + ["## S", "", "- in the child, `fork` returns 0;", "* a star item", ""] + Array(validStep.dropFirst())
        let step = try parseLesson(lines).steps[0]
        if case .prose(let text) = step.blocks.first {
            #expect(text == "- in the child, `fork` returns 0;\n* a star item")
        } else {
            Issue.record("\(step.blocks)")
        }
    }

    @Test func aQuizMayShowCodeInItsQuestion() throws {
        let lines = testFrontMatter + [
            "## S",
            "### Quiz: fork twice",
            fence("python"), "os.fork()", fence(),
            "How many?",
            "- answer: `4`",
            "- hint: h",
        ]
        let quiz = try #require(try parseLesson(lines).quizzes.first?.quiz)
        #expect(quiz.question == "```python\nos.fork()\n```\nHow many?")
        #expect(quiz.answer == "4")
    }

    @Test func entriesWithLongerBackticksAndStars() throws {
        let lines = testFrontMatter + [
            "## S",
            "### Quiz: q",
            "Q?",
            "* answer: `` `x` ``",
            "-   wrong:   `y`:   because",
            "- Hint: capitals are fine",
        ]
        let quiz = try #require(try parseLesson(lines).quizzes.first?.quiz)
        #expect(quiz.answer == "`x`")
        #expect(quiz.mistakes.map(\.feedback) == ["because"])
        #expect(quiz.hints == ["capitals are fine"])
    }

    @Test func theReadmeSampleLessonParses() throws {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Lessons/README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "````markdown\n"))
        let end = try #require(text.range(of: "\n````\n", range: start.upperBound..<text.endIndex))
        let sample = String(text[start.upperBound..<end.lowerBound]) + "\n"
        let lesson = try LessonParser.parse(sample, file: "Lessons/02-fork.md")
        #expect(lesson.id == "fork")
        #expect(lesson.order == 2)
        #expect(lesson.steps.count == 1)
        #expect(lesson.examples.count == 1)
        #expect(lesson.quizzes.first?.quiz.hints.count == 2)
        #expect(lesson.exercises.first?.exercise.hints == ["`os.getppid()` gives the parent's pid."])
    }
}
