import Testing

@testable import MPTutorCore

/// What a failure says about where the output parted from the pattern:
/// the pattern's file and line, the output line, the column of the first
/// differing character, a later line that would have matched, and the
/// captures in force.
@Suite struct MismatchDiagnosticsTests {
    @Test func theReadmeExampleOfAFailedMatch() throws {
        let expect = "child {{C:int}} of {{P:int}}\nparent {{P}} made {{C}}"
        let failure = try #require(try matchFailure(expect, ["child 41208 of 41207", "parent 41207 made 41209"]))
        #expect(failure.kind == .mismatch)
        #expect(failure.location == SourceLocation(file: patternFile, line: 12))
        #expect(failure.location?.description == "\(patternFile):12")
        #expect(failure.expected == "parent 41207 made 41208")
        #expect(failure.lineIndex == 1)
        #expect(failure.column == 22)
        #expect(failure.laterMatch == nil)
        #expect(failure.captures.description == "C = 41208, P = 41207")
    }

    @Test(arguments: [
        ("hello world", "hello there", 6),
        ("hello world", "hello", 5),
        ("hello", "hello world", 5),
        ("hello {{int}}", "help 3", 3),
        ("hello {{int}}", "hello x", 6),
        ("count: {{int}} items", "count: 12 itens", 13),
        ("count: {{int}} items", "count: 12", 9),
        ("{{word}} = {{num}}", "x = 1.5.2", 7),
        ("{{int}} done", "12 dome", 5),
        ("进程 {{int}} 完成", "进程 12 失败", 6),
        ("你好，世界", "你好，地球", 3),
        ("pid {{/[0-9]+/}} ok", "pid 12a ok", 6),
    ])
    func theColumnIsTheFirstDifferingCharacter(pattern: String, line: String, column: Int) throws {
        let failure = try #require(try matchFailure(pattern, [line]))
        #expect(failure.kind == .mismatch)
        #expect(failure.lineIndex == 0)
        #expect(failure.column == column)
    }

    @Test func laterMatchPointsAtTheExpectedLineFurtherOn() throws {
        let failure = try #require(try matchFailure("start\nworker {{int}} done\nmain done", ["start", "main done", "worker 3 done"]))
        #expect(failure.kind == .mismatch)
        #expect(failure.lineIndex == 1)
        #expect(failure.laterMatch == 2)
        #expect(failure.location == SourceLocation(file: patternFile, line: 12))
    }

    @Test func laterMatchUsesTheCapturesInForce() throws {
        let expect = "main {{P:int}}\nchild of {{P}}"
        let wrongParent = try #require(try matchFailure(expect, ["main 5", "hello", "child of 6"]))
        #expect(wrongParent.laterMatch == nil)
        let rightParent = try #require(try matchFailure(expect, ["main 5", "hello", "child of 6", "child of 5"]))
        #expect(rightParent.laterMatch == 3)
    }

    @Test func aMissingLineAfterSkipPointsAtTheClosestLine() throws {
        let failure = try #require(try matchFailure("@skip\nresult: {{int}} items", ["loading", "result: 12 itens", "bye"]))
        #expect(failure.kind == .missing)
        #expect(failure.lineIndex == 1)
        #expect(failure.column == 14)
    }

    @Test func aMissingLineWithNothingCloseHasNoLine() throws {
        let failure = try #require(try matchFailure("@skip\nresult: {{int}} items", ["1", "2"]))
        #expect(failure.kind == .missing)
        #expect(failure.lineIndex == nil)
        #expect(failure.column == nil)
    }

    @Test func capturesInForceAreThoseBoundBeforeTheFailure() throws {
        var captures = Captures()
        captures.bind("A", to: "1")
        let failure = try #require(OutputMatcher(lines: ["b 2", "c 3", "x"], stream: .stdout).match(
            try expectBlock("b {{B:int}}\nc {{C:int}}\nd {{D:int}}", bound: ["A"]), captures: &captures))
        #expect(failure.captures.description == "A = 1, B = 2, C = 3")
        #expect(failure.location == SourceLocation(file: patternFile, line: 13))
    }

    @Test func theStreamIsThatOfTheBlock() throws {
        let expectation = try outputExpectation([(.stderr, "oops")])
        let verdict = expectation.check(fakeRun(stdout: [], stderr: ["oups"]))
        #expect(verdict.failures.first?.stream == .stderr)
        #expect(verdict.failures.first?.column == 1)
    }
}
