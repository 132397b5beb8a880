import Testing

@testable import MPTutorCore

/// Matching one expect block against one stream in sequence: strict by
/// default, with `@count`, `@skip` and `@not`.
@Suite struct OutputMatcherTests {
    private func lines(_ prefix: String, _ count: Int) -> [String] {
        (1...max(count, 1)).prefix(count).map { "\(prefix) \($0)" }
    }

    // MARK: Strict sequence

    @Test func everyLineMustBeMatchedInOrder() throws {
        #expect(try blockMatches("one\ntwo {{int}}\nthree", ["one", "two 2", "three"]))
        #expect(try !blockMatches("one\ntwo {{int}}\nthree", ["one", "three", "two 2"]))
    }

    @Test func aSkipThenACountThatMayBeZeroPassesWithNoSuchLine() throws {
        #expect(try blockMatches("start\n@skip\n@count 0+\nwarning {{any}}", ["start", "noise"]))
        #expect(try blockMatches("start\n@skip\n@count 0+\nwarning {{any}}\nend", ["start", "noise", "end"]))
        #expect(try blockMatches("start\n@skip\n@count 0+\nwarning {{any}}\nend", ["start", "warning a", "warning b", "end"]))
    }

    @Test func extraOutputAtTheEndFails() throws {
        let failure = try #require(try matchFailure("one\ntwo", ["one", "two", "three", "four"]))
        #expect(failure.kind == .extraOutput)
        #expect(failure.lineIndex == 2)
        #expect(failure.location == SourceLocation(file: patternFile, line: 12))
        #expect(failure.stream == .stdout)
    }

    @Test func anEmptyBlockExpectsAnEmptyStream() throws {
        #expect(try blockMatches("", []))
        let failure = try #require(try matchFailure("", ["surprise"]))
        #expect(failure.kind == .extraOutput)
        #expect(failure.lineIndex == 0)
        #expect(failure.location == testFence)
    }

    @Test func outputEndingEarlyFails() throws {
        let failure = try #require(try matchFailure("one\ntwo\nthree", ["one", "two"]))
        #expect(failure.kind == .missing)
        #expect(failure.location == SourceLocation(file: patternFile, line: 13))
        #expect(failure.expected == "three")
        #expect(failure.lineIndex == nil)
    }

    @Test func emptyOutputFailsAtTheFirstExpectation() throws {
        let failure = try #require(try matchFailure("hello", []))
        #expect(failure.kind == .missing)
        #expect(failure.location == SourceLocation(file: patternFile, line: 11))
    }

    @Test func trailingBlanksOfOutputLinesDoNotCount() throws {
        #expect(try blockMatches("a\nb {{int}}", ["a   ", "b 3\t"]))
    }

    // MARK: @count N

    @Test(arguments: [(3, true), (2, false), (4, false), (0, false)])
    func countMeansExactly(lines count: Int, passes: Bool) throws {
        let output = lines("tick", count)
        #expect(try blockMatches("@count 3\ntick {{int}}", output) == passes, "\(count) lines")
    }

    @Test func aFourthMatchingLineIsExtraOutput() throws {
        let failure = try #require(try matchFailure("@count 3\ntick {{int}}", lines("tick", 4)))
        #expect(failure.kind == .extraOutput)
        #expect(failure.lineIndex == 3)
    }

    @Test func countedLinesAreConsecutive() throws {
        #expect(try blockMatches("@count 2\ntick\ntock\ntick", ["tick", "tick", "tock", "tick"]))
        let failure = try #require(try matchFailure("@count 3\ntick\ntock", ["tick", "tick", "tock", "tick"]))
        #expect(failure.kind == .tooFew(count: .exactly(3), found: 2))
        #expect(failure.lineIndex == 2)
        #expect(failure.location == SourceLocation(file: patternFile, line: 12))
    }

    @Test func tooFewCountedLinesAtTheEndOfOutput() throws {
        let failure = try #require(try matchFailure("@count 3\ntick", ["tick", "tick"]))
        #expect(failure.kind == .tooFew(count: .exactly(3), found: 2))
    }

    @Test func aCountedLineFollowedByTheSamePattern() throws {
        #expect(try blockMatches("@count 2\nx\nx", ["x", "x", "x"]))
        #expect(try !blockMatches("@count 2\nx\nx", ["x", "x"]))
    }

    // MARK: @count N+

    @Test(arguments: [(1, false), (2, true), (3, true), (7, true)])
    func countPlusMeansAtLeast(lines count: Int, passes: Bool) throws {
        #expect(try blockMatches("@count 2+\nworker {{int}}\ndone", lines("worker", count) + ["done"]) == passes, "\(count) lines")
    }

    @Test func countPlusTakesEveryFollowingMatchingLine() throws {
        #expect(try blockMatches("start\n@count 1+\nitem {{int}}\nend", ["start", "item 1", "item 2", "item 3", "end"]))
        let failure = try #require(try matchFailure("@count 1+\nitem {{int}}", ["item 1", "item 2", "other"]))
        #expect(failure.kind == .extraOutput)
        #expect(failure.lineIndex == 2)
    }

    @Test func countZeroPlusMayMatchNothing() throws {
        #expect(try blockMatches("a\n@count 0+\nwarning {{any}}\nb", ["a", "b"]))
        #expect(try blockMatches("a\n@count 0+\nwarning {{any}}\nb", ["a", "warning x", "warning y", "b"]))
    }

    @Test func countPlusReportsHowManyItFound() throws {
        let failure = try #require(try matchFailure("@count 3+\nx\ny", ["x", "x", "y"]))
        #expect(failure.kind == .tooFew(count: .atLeast(3), found: 2))
    }

    // MARK: @skip

    @Test func skipInTheMiddleLetsLinesPass() throws {
        let expect = "begin\n@skip\nend {{int}}"
        #expect(try blockMatches(expect, ["begin", "end 1"]))
        #expect(try blockMatches(expect, ["begin", "noise", "more noise", "end 1"]))
        #expect(try !blockMatches(expect, ["begin", "noise", "end 1", "after"]))
    }

    @Test func skipTakesTheFirstMatchingLine() throws {
        // The first `end` is taken; the second is then extra output.
        let failure = try #require(try matchFailure("@skip\nend", ["x", "end", "end"]))
        #expect(failure.kind == .extraOutput)
        #expect(failure.lineIndex == 2)
    }

    @Test func skipNeverFindingTheLineFails() throws {
        let failure = try #require(try matchFailure("begin\n@skip\nend", ["begin", "noise", "ending"]))
        #expect(failure.kind == .missing)
        #expect(failure.location == SourceLocation(file: patternFile, line: 13))
        #expect(failure.lineIndex == 2, "the closest line is shown")
    }

    @Test func skipAtTheEndIgnoresTheRest() throws {
        #expect(try blockMatches("header\n@skip", ["header"]))
        #expect(try blockMatches("header\n@skip", ["header", "a", "b", "c"]))
        #expect(try !blockMatches("header\n@skip", ["footer"]))
        #expect(try blockMatches("@skip", []))
        #expect(try blockMatches("@skip", ["anything"]))
    }

    @Test func skipAtTheStart() throws {
        #expect(try blockMatches("@skip\nlast", ["a", "b", "last"]))
        #expect(try blockMatches("@skip\nlast", ["last"]))
    }

    @Test func skipBeforeACountedLine() throws {
        #expect(try blockMatches("@skip\n@count 2\nx", ["a", "x", "x"]))
        #expect(try !blockMatches("@skip\n@count 2\nx", ["a", "x", "b", "x"]))
    }

    @Test func skipBeforeABindingLineBindsTheFirstMatch() throws {
        var captures = Captures()
        #expect(try matchFailure("@skip\npid {{P:int}}\n@skip", ["x", "pid 7", "pid 8"], captures: &captures) == nil)
        #expect(captures["P"] == "7")
    }

    // MARK: @not

    @Test func notForbidsALineAnywhere() throws {
        let expect = "@not Traceback{{any}}\nstart\n@skip\nend"
        #expect(try blockMatches(expect, ["start", "noise", "end"]))
        let failure = try #require(try matchFailure(expect, ["start", "Traceback (most recent call last):", "end"]))
        #expect(failure.kind == .forbidden)
        #expect(failure.lineIndex == 1)
        #expect(failure.location == SourceLocation(file: patternFile, line: 11))
        #expect(failure.expected == "Traceback{{any}}")
    }

    @Test func notAppliesToLinesBeforeIt() throws {
        #expect(try !blockMatches("@skip\n@not error", ["error", "fine"]))
    }

    @Test func notUsesCapturesBoundInTheBlock() throws {
        let expect = "main {{P:int}}\n@skip\n@not worker {{P}}"
        #expect(try blockMatches(expect, ["main 5", "worker 6", "worker 7"]))
        let failure = try #require(try matchFailure(expect, ["main 5", "worker 6", "worker 5"]))
        #expect(failure.kind == .forbidden)
        #expect(failure.lineIndex == 2)
        #expect(failure.expected == "worker 5")
    }

    // MARK: Captures

    @Test func capturesBindAndBackReferencesMustAgree() throws {
        let expect = "child {{C:int}} of {{P:int}}\nparent {{P}} made {{C}}"
        var captures = Captures()
        #expect(try matchFailure(expect, ["child 4122 of 4121", "parent 4121 made 4122"], captures: &captures) == nil)
        #expect(captures.description == "C = 4122, P = 4121")
    }

    @Test func theParentPidMustBeTheChildsParentPid() throws {
        let expect = "child {{C:int}} of {{P:int}}\nparent {{P}} made {{C}}"
        let failure = try #require(try matchFailure(expect, ["child 4122 of 4121", "parent 4120 made 4122"]))
        #expect(failure.kind == .mismatch)
        #expect(failure.expected == "parent 4121 made 4122")
        #expect(failure.captures["P"] == "4121")
        #expect(failure.column == 10)
    }

    @Test func capturesFromEarlierBlocksAreInForce() throws {
        var captures = Captures()
        captures.bind("P", to: "99")
        let block = try expectBlock("child of {{P}}", bound: ["P"])
        #expect(OutputMatcher(lines: ["child of 99"], stream: .stdout).match(block, captures: &captures) == nil)
        #expect(OutputMatcher(lines: ["child of 98"], stream: .stdout).match(block, captures: &captures) != nil)
    }
}
