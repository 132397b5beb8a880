import Testing

@testable import MPTutorCore

/// The text a person reads when a match fails.
@Suite struct FailureReportTests {
    /// Checks `stdout` against one stdout block and renders its failures.
    private func report(
        _ expect: String, stdout: [String], stderr: [String] = [], termination: Termination = .exited(0)
    ) throws -> [String] {
        let run = fakeRun(stdout: stdout, stderr: stderr, termination: termination)
        let verdict = try outputExpectation(expect).check(run)
        return verdict.failures.flatMap { plainText(FailureReport(result: run).render($0)) }
    }

    /// The line under the output line that holds the caret.
    private func caret(in lines: [String]) -> String? {
        lines.first { $0.contains("^ differs here") || $0.contains("^ the line ends here") }
    }

    /// The display column of the caret.
    private func caretColumn(in lines: [String]) -> Int? {
        guard let line = caret(in: lines) else { return nil }
        return line.prefix { $0 == " " }.count
    }

    @Test func theReadmeExample() throws {
        let lines = try report("child {{C:int}} of {{P:int}}\nparent {{P}} made {{C}}",
                               stdout: ["child 41208 of 41207", "parent 41207 made 41209"])
        #expect(lines.first == "\(patternFile):12: expected line does not match the output")
        #expect(lines.contains("  expected: parent 41207 made 41208"))
        #expect(lines.contains("  with C = 41208, P = 41207"))
        let label = "  stdout line 2: "
        #expect(lines.contains(label + "parent 41207 made 41209"))
        #expect(caret(in: lines) == String(repeating: " ", count: label.count + 22) + "^ differs here")
    }

    @Test func theCaretCountsChineseCharactersAsTwoColumns() throws {
        let lines = try report("进程 {{int}} 完成", stdout: ["进程 12 失败"])
        let label = "  stdout line 1: "
        #expect(lines.contains(label + "进程 12 失败"))
        // 进 程 are two columns each, then " 12 " is four: eight columns.
        #expect(caretColumn(in: lines) == label.count + 8)
        #expect(caret(in: lines)?.hasSuffix("^ differs here") == true)
    }

    @Test func theCaretAfterFullWidthPunctuation() throws {
        let lines = try report("你好，世界", stdout: ["你好，地球"])
        #expect(caretColumn(in: lines) == "  stdout line 1: ".count + 6)
    }

    @Test func theCaretAfterMixedText() throws {
        let lines = try report("结果 result={{int}}", stdout: ["结果 result=x"])
        #expect(caretColumn(in: lines) == "  stdout line 1: ".count + 4 + 8)
    }

    @Test func aLineThatEndsTooSoon() throws {
        let lines = try report("hello world", stdout: ["hello"])
        #expect(caret(in: lines) == String(repeating: " ", count: "  stdout line 1: ".count + 5) + "^ the line ends here")
    }

    @Test func aLineThatEndsTooSoonBeforeTrailingBlanks() throws {
        let lines = try report("hello world", stdout: ["hello   "])
        #expect(caret(in: lines) == String(repeating: " ", count: "  stdout line 1: ".count + 5) + "^ the line ends here")
    }

    @Test func theCaretIgnoresHowControlCharactersAreShown() throws {
        // Each escape character is shown as `^[` (two columns) but is one
        // character of the line: the caret must still land under "dome"'s `m`.
        let lines = try report("{{word}} done", stdout: ["\u{1B}[32mok\u{1B}[0m dome"])
        let label = "  stdout line 1: "
        let shown = try #require(lines.first { $0.hasPrefix(label) })
        #expect(shown == label + "^[[32mok^[[0m dome")
        let column = try #require(caretColumn(in: lines))
        #expect(String(Array(shown)[column...]) == "me")
    }

    @Test func aLaterMatchIsPointedOut() throws {
        let lines = try report("a\nworker done\nmain done", stdout: ["a", "main done", "worker done"])
        #expect(lines.contains { $0.hasPrefix("  note: the expected line is stdout line 3: ") && $0.contains("@any-order") })
    }

    @Test func extraOutputSaysHowMuchAndHowToAllowIt() throws {
        let lines = try report("a", stdout: ["a", "b", "c", "d"])
        #expect(lines.first == "\(patternFile):11: unexpected output after the last expectation")
        #expect(lines.contains("  stdout line 2: b"))
        #expect(lines.contains("  (and 2 more lines after it)"))
        #expect(lines.contains { $0.contains("hint: end the block with @skip") })
    }

    @Test func aMissingLineInAnEmptyStream() throws {
        let lines = try report("hello", stdout: [])
        #expect(lines.first == "\(patternFile):11: expected line not found: the stdout is empty")
        #expect(lines.contains("  expected: hello"))
    }

    @Test func aMissingLineShowsTheClosestOne() throws {
        let lines = try report("@skip\nresult: {{int}} items", stdout: ["loading", "result: 12 itens", "bye"])
        #expect(lines.first == "\(patternFile):12: expected line not found in the rest of the output")
        let label = "  closest: stdout line 2: "
        #expect(lines.contains(label + "result: 12 itens"))
        #expect(caretColumn(in: lines) == label.count + 14)
    }

    @Test func tooFewCountedLines() throws {
        let lines = try report("@count 3\ntick", stdout: ["tick", "tick", "tock"])
        #expect(lines.first == "\(patternFile):12: expected exactly 3 lines like this one, found 2")
    }

    @Test func anUnorderedGroupListsEveryUnmatchedEntry() throws {
        let lines = try report("@any-order\na {{int}}\nb {{int}}\nc {{int}}\n@end", stdout: ["a 1", "x 2", "y 3"])
        #expect(lines.first == "\(patternFile):13: @any-order group: 2 expected lines not matched, 2 output lines left over")
        #expect(lines.contains("  not matched: b {{int}}  (\(patternFile):13)"))
        #expect(lines.contains("  not matched: c {{int}}  (\(patternFile):14)"))
    }

    @Test func anUnorderedGroupWithOneUnmatchedEntry() throws {
        let lines = try report("@any-order\nalpha\nbeta\n@end", stdout: ["beta", "alpah"])
        #expect(lines.first == "\(patternFile):12: @any-order group: 1 expected line not matched, 1 output line left over")
        #expect(lines.contains("  expected: alpha"))
        #expect(lines.contains("  closest: stdout line 2: alpah"))
    }

    @Test func aForbiddenLine() throws {
        let lines = try report("@not Traceback{{any}}\n@skip", stdout: ["ok", "Traceback (most recent call last):"])
        #expect(lines.first == "\(patternFile):11: a line that must not appear (@not) appeared")
        #expect(lines.contains("  stdout line 2: Traceback (most recent call last):"))
    }

    @Test func theExitStatusAndStderr() throws {
        let lines = try report("ok", stdout: ["ok"], stderr: ["Traceback", "ZeroDivisionError: division by zero"],
                               termination: .exited(1))
        #expect(lines.contains("the program wrote to stderr, and no expect block allows it"))
        #expect(lines.contains("the program ended with exit 1, expected exit 0"))
        #expect(lines.contains { $0.contains("ZeroDivisionError: division by zero") })
    }

    @Test func aKilledProgram() throws {
        let lines = try report("ok", stdout: ["ok"], termination: .signaled(9))
        #expect(lines.contains("the program ended with signal 9 (SIGKILL), expected exit 0"))
    }

    @Test func aTimeout() throws {
        let run = fakeRun(stdout: [], termination: .signaled(9), duration: 10.04, timedOut: true)
        let failure = MatchFailure(kind: .timedOut(seconds: 10.04), stream: .stdout)
        #expect(plainText(FailureReport(result: run).render(failure))
            == ["the run was ended after 10.0 s: it did not finish within its timeout"])
        let interrupted = MatchFailure(kind: .interrupted, stream: .stdout)
        #expect(plainText(FailureReport(result: run).render(interrupted)) == ["the run was interrupted"])
    }

    @Test func theExcerptMarksTheLineAndNumbersThem() throws {
        let output = (1...9).map { "line \($0)" }
        let lines = try report((1...4).map { "line \($0)" }.joined(separator: "\n") + "\nline five\n@skip", stdout: output)
        #expect(lines.contains("  stdout (9 lines):"))
        #expect(lines.contains("   >5  line 5"))
        #expect(lines.contains("    3  line 3"))
        #expect(lines.contains("    7  line 7"))
        #expect(!lines.contains("    8  line 8"))
        #expect(lines.filter { $0 == "        …" }.count == 2)
    }

    @Test func controlCharactersInOutputAreShownSafely() throws {
        let lines = try report("clean", stdout: ["dirty\u{1B}]0;title\u{7}"])
        #expect(lines.allSatisfy { !$0.unicodeScalars.contains { $0.value == 0x1B || $0.value == 7 } })
        #expect(lines.contains("  stdout line 1: dirty^[]0;title^G"))
    }

    @Test func stylesMarkTheParts() throws {
        let run = fakeRun(stdout: ["x"])
        let failure = try #require(try matchFailure("y", ["x"]))
        let rendered = FailureReport(result: run).render(failure)
        #expect(rendered.first?.spans.map(\.style) == [.location, .error])
        #expect(rendered.contains { $0.spans.contains { $0.style == .marker } })
    }
}
