import Testing

@testable import MPTutorCore

/// Judging a learner's answer, and auditing a quiz's own answers.
@Suite struct QuizTests {
    /// A quiz read from entries, as an author writes them.
    private func quiz(_ entries: [String], question: String = "What is it?") throws -> Quiz {
        let lines = testFrontMatter + ["## S", "### Quiz: q", question] + entries
        return try #require(try parseLesson(lines).quizzes.first?.quiz)
    }

    private var forkQuiz: Quiz {
        get throws {
            try quiz([
                "- answer: `0`",
                "- accept: `zero`",
                "- accept: `{{/(it gets )?(0|zero)/}}`",
                "- wrong: `-1` — Python raises OSError instead.",
                "- wrong: `{{/[1-9][0-9]*/}}` — That is the parent's view.",
                "- wrong: `the child's pid` — The child can ask os.getpid().",
                "- hint: One of them must tell it is the new one.",
            ])
        }
    }

    // MARK: Judging

    @Test(arguments: ["0", " 0 ", "\t0\n", "zero", "ZERO", "Zero", "  zero  ", "it gets 0", "it  gets   zero"])
    func acceptsTheAnswerRegardlessOfCaseAndSpaces(response: String) throws {
        #expect(try forkQuiz.judge(response) == .correct)
    }

    @Test(arguments: [
        ("-1", "Python raises OSError instead."),
        ("4121", "That is the parent's view."),
        ("The Child's PID", "The child can ask os.getpid()."),
        ("the   child's pid", "The child can ask os.getpid()."),
    ])
    func knownMistakesGetTheirFeedback(response: String, feedback: String) throws {
        #expect(try forkQuiz.judge(response) == .knownMistake(feedback))
    }

    @Test(arguments: ["", "1.5", "maybe", "00x", "zero!"])
    func otherAnswersAreIncorrect(response: String) throws {
        #expect(try forkQuiz.judge(response) == .incorrect)
    }

    @Test func theAnswerIsComparedAsTextNotAsAPattern() throws {
        let quiz = try quiz(["- answer: `{{int}}`", "- hint: h"])
        #expect(quiz.judge("{{INT}}") == .correct)
        #expect(quiz.judge("7") == .incorrect)
    }

    @Test func answersWithSeveralWordsIgnoreRunsOfSpaces() throws {
        let quiz = try quiz(["- answer: `Lock  before   print`", "- hint: h"])
        #expect(quiz.judge("lock before print") == .correct)
        #expect(quiz.judge("LOCK BEFORE PRINT") == .correct)
        #expect(quiz.judge("lockbefore print") == .incorrect)
    }

    @Test func acceptedPatternsIgnoreCaseInTheirLiteralText() throws {
        let quiz = try quiz(["- answer: `4`", "- accept: `Four {{word}}`", "- hint: h"])
        #expect(quiz.judge("four times") == .correct)
        #expect(quiz.judge("FOUR TIMES") == .correct)
        #expect(quiz.judge("four") == .incorrect)
    }

    @Test func acceptedPatternsIgnoreRunsOfSpaces() throws {
        let quiz = try quiz(["- answer: `4`", "- accept: `four  processes`", "- hint: h"])
        #expect(quiz.judge("four processes") == .correct)
        #expect(quiz.judge("four    processes") == .correct)
    }

    @Test func regexHolesIgnoreCaseToo() throws {
        let quiz = try quiz(["- answer: `4`", "- accept: `{{/Four|IV/}}`", "- wrong: `{{/[A-Z]+/}}` — Not a number.", "- hint: h"])
        #expect(quiz.judge("four") == .correct)
        #expect(quiz.judge("iv") == .correct)
        #expect(quiz.judge("FOUR") == .correct)
        #expect(quiz.judge("many") == .knownMistake("Not a number."))
        #expect(quiz.judge("MANY") == .knownMistake("Not a number."))
    }

    @Test func caseFoldingInRegexHolesCoversClassesNegationAndAccents() throws {
        let quiz = try quiz(["- answer: `x`", "- accept: `{{/[A-C]+ ÜBER/}}`", "- wrong: `{{/[^A-Z ]+/}}` — digits", "- hint: h"])
        #expect(quiz.judge("abc über") == .correct)
        #expect(quiz.judge("ABC Über") == .correct)
        #expect(quiz.judge("123") == .knownMistake("digits"))
        // [^A-Z ] ignoring case excludes the lower-case letters too.
        #expect(quiz.judge("abc") == .incorrect)
    }

    @Test func patternsOutsideQuizzesStayCaseSensitive() throws {
        #expect(try lineMatches("{{/[A-Z]+/}}", "ABC"))
        #expect(try !lineMatches("{{/[A-Z]+/}}", "abc"))
        #expect(try !lineMatches("{{/Four/}}", "four"))
    }

    @Test func theFirstMatchingMistakeWins() throws {
        let quiz = try quiz(["- answer: `4`", "- wrong: `2` — two", "- wrong: `{{int}}` — some number", "- hint: h"])
        #expect(quiz.judge("2") == .knownMistake("two"))
        #expect(quiz.judge("3") == .knownMistake("some number"))
        #expect(quiz.judge("4") == .correct)
    }

    @Test func normalizeCollapsesWhiteSpace() {
        #expect(Quiz.normalize("  a \t b\n\nc  ") == "a b c")
        #expect(Quiz.normalize("") == "")
    }

    // MARK: Auditing

    @Test func aSoundQuizHasNoProblems() throws {
        #expect(QuizAudit.problems(in: try forkQuiz).isEmpty)
    }

    @Test func aBroadWrongPatternBesideTheAnswerIsFine() throws {
        // `{{int}}` as a known mistake next to the answer `0`: the answer is
        // judged first, so the learner giving it is told it is right, and
        // the audit has nothing to report.
        let quiz = try quiz(["- answer: `0`", "- wrong: `{{int}}` — That is the parent's view.", "- hint: h"])
        #expect(quiz.judge("0") == .correct)
        #expect(quiz.judge("4121") == .knownMistake("That is the parent's view."))
        #expect(QuizAudit.problems(in: quiz).isEmpty)
    }

    @Test func aListedMistakeThatIsAcceptedIsFound() throws {
        let quiz = try quiz(["- answer: `4`", "- accept: `{{int}}`", "- wrong: `7` — not seven", "- hint: h"])
        #expect(QuizAudit.problems(in: quiz).contains { $0.contains("is accepted as correct") })
    }

    @Test func aWrongAnswerThatIsAcceptedIsFound() throws {
        let quiz = try quiz(["- answer: `0`", "- accept: `{{int}}`", "- wrong: `7` — no", "- hint: h"])
        let problems = QuizAudit.problems(in: quiz)
        #expect(problems.contains { $0.contains("the wrong answer `7` (e.g. '7') is accepted as correct") })
    }

    @Test func aQuizWithoutHintsIsFlagged() throws {
        let quiz = try quiz(["- answer: `0`"])
        #expect(QuizAudit.problems(in: quiz) == ["the quiz has no hints"])
    }

    @Test(arguments: [
        ("pid {{int}}", "pid 7"),
        ("{{num}} s", "1.5 s"),
        ("at {{hex}}", "at ff"),
        ("{{word}}!", "x!"),
        ("a{{any}}b", "ab"),
        (#"{{"{{"}}"#, "{{"),
    ])
    func samplesMatchTheirPattern(pattern: String, sample: String) throws {
        let parsed = try LinePattern(parsing: pattern, at: SourceLocation(file: "q.md", line: 1))
        #expect(QuizAudit.sample(of: parsed) == sample)
        #expect(parsed.compile(with: Captures()).match(PreparedLine(sample).scalars).matched)
    }

    @Test func noSampleForRegexesOrReferences() throws {
        #expect(QuizAudit.sample(of: try LinePattern(parsing: "{{/a+/}}", at: SourceLocation(file: "q.md", line: 1))) == nil)
        #expect(QuizAudit.sample(of: try LinePattern(parsing: "{{X}}", at: SourceLocation(file: "q.md", line: 1))) == nil)
    }
}
