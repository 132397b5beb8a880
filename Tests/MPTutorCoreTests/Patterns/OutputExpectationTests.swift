import Testing

@testable import MPTutorCore

/// `OutputExpectation.check`: every block against its stream, plus stray
/// stderr, the exit status, timeouts and interrupts.
@Suite struct OutputExpectationTests {
    @Test func aMatchingRunPasses() throws {
        let verdict = try outputExpectation("hello {{N:word}}").check(fakeRun(stdout: ["hello world"]))
        #expect(verdict.passed)
        #expect(verdict.failures.isEmpty)
        #expect(verdict.captures["N"] == "world")
    }

    // MARK: Standard error

    @Test func stderrMustBeEmptyByDefault() throws {
        let verdict = try outputExpectation("ok").check(fakeRun(stdout: ["ok"], stderr: ["Traceback (most recent call last):"]))
        #expect(!verdict.passed)
        #expect(verdict.failures.map(\.kind) == [.unexpectedStderr])
        #expect(verdict.failures.first?.stream == .stderr)
        #expect(verdict.failures.first?.lineIndex == 0)
    }

    @Test func allowsStderrLetsItThrough() throws {
        let verdict = try outputExpectation("ok", allowsStderr: true).check(fakeRun(stdout: ["ok"], stderr: ["warning"]))
        #expect(verdict.passed)
    }

    @Test func aStderrBlockCoversStderr() throws {
        let expectation = try outputExpectation([(.stdout, "ok"), (.stderr, "@skip\nValueError: {{any}}")])
        #expect(expectation.check(fakeRun(stdout: ["ok"], stderr: ["Traceback", "ValueError: bad"])).passed)
        let verdict = expectation.check(fakeRun(stdout: ["ok"], stderr: ["Traceback", "KeyError: 'x'"]))
        #expect(verdict.failures.map(\.kind.name) == ["missing"])
        #expect(verdict.failures.first?.stream == .stderr)
    }

    @Test func aStderrBlockIsStrictToo() throws {
        let expectation = try outputExpectation([(.stderr, "error one")])
        let verdict = expectation.check(fakeRun(stdout: [], stderr: ["error one", "error two"]))
        #expect(verdict.failures.map(\.kind) == [.extraOutput])
        #expect(verdict.failures.first?.stream == .stderr)
        #expect(verdict.failures.first?.lineIndex == 1)
    }

    @Test func anEmptyStderrBlockIsNotNeededForEmptyStderr() throws {
        #expect(try outputExpectation([(.stdout, "a"), (.stderr, "")]).check(fakeRun(stdout: ["a"])).passed)
        #expect(!(try outputExpectation([(.stdout, "a"), (.stderr, "")]).check(fakeRun(stdout: ["a"], stderr: ["b"])).passed))
    }

    @Test func aMergedBlockCoversStderr() throws {
        let expectation = try outputExpectation([(.merged, "out\nerr")])
        #expect(expectation.check(fakeRun([stdoutLine("out"), stderrLine("err")])).passed)
    }

    // MARK: Merged stream

    @Test func mergedFollowsArrivalOrder() throws {
        let expectation = try outputExpectation([(.merged, "out 1\nerr 1\nout 2\nerr 2")])
        let inOrder = fakeRun([stdoutLine("out 1"), stderrLine("err 1"), stdoutLine("out 2"), stderrLine("err 2")])
        #expect(expectation.check(inOrder).passed)
        let swapped = fakeRun([stdoutLine("out 1"), stdoutLine("out 2"), stderrLine("err 1"), stderrLine("err 2")])
        let verdict = expectation.check(swapped)
        #expect(verdict.failures.map(\.kind) == [.mismatch])
        #expect(verdict.failures.first?.stream == .merged)
        #expect(verdict.failures.first?.lineIndex == 1)
        #expect(verdict.failures.first?.laterMatch == 2)
    }

    @Test func stdoutAndStderrBlocksIgnoreHowTheStreamsInterleave() throws {
        let expectation = try outputExpectation([(.stdout, "out 1\nout 2"), (.stderr, "err 1\nerr 2")])
        let run = fakeRun([stderrLine("err 1"), stdoutLine("out 1"), stderrLine("err 2"), stdoutLine("out 2")])
        #expect(expectation.check(run).passed)
    }

    // MARK: Captures across blocks

    @Test func capturesFlowFromOneBlockToTheNext() throws {
        let expectation = try outputExpectation([(.stdout, "main {{P:int}}"), (.stderr, "worker of {{P}} failed")])
        let good = expectation.check(fakeRun(stdout: ["main 42"], stderr: ["worker of 42 failed"]))
        #expect(good.passed)
        #expect(good.captures["P"] == "42")
        let bad = expectation.check(fakeRun(stdout: ["main 42"], stderr: ["worker of 43 failed"]))
        #expect(bad.failures.map(\.kind) == [.mismatch])
        #expect(bad.failures.first?.captures["P"] == "42")
        #expect(bad.failures.first?.expected == "worker of 42 failed")
    }

    @Test func theChildMustNameTheParentsPid() throws {
        let expectation = try outputExpectation("""
            @any-order
            child {{C:int}} of {{P:int}}
            parent says hi
            @end
            parent {{P}} made {{C}}
            """)
        #expect(expectation.check(fakeRun(stdout: ["parent says hi", "child 11 of 10", "parent 10 made 11"])).passed)
        let verdict = expectation.check(fakeRun(stdout: ["child 11 of 9", "parent says hi", "parent 10 made 11"]))
        #expect(verdict.failures.map(\.kind) == [.mismatch])
        #expect(verdict.failures.first?.expected == "parent 9 made 11")
        #expect(verdict.failures.first?.column == 7)
        #expect(verdict.failures.first?.captures.description == "C = 11, P = 9")
    }

    // MARK: Exit status

    @Test(arguments: [
        (ExitExpectation.status(0), Termination.exited(0), true),
        (.status(0), .exited(1), false),
        (.status(3), .exited(3), true),
        (.status(3), .exited(0), false),
        (.status(0), .signaled(9), false),
        (.any, .exited(1), true),
        (.any, .signaled(15), true),
    ])
    func theExitStatusIsChecked(expected: ExitExpectation, actual: Termination, passes: Bool) throws {
        let verdict = try outputExpectation("done", exit: expected).check(fakeRun(stdout: ["done"], termination: actual))
        #expect(verdict.passed == passes)
        if !passes, case .status(let code) = expected {
            #expect(verdict.failures.map(\.kind) == [.exitStatus(expected: code, actual: actual)])
        }
    }

    @Test func everyFailureIsReportedAtOnce() throws {
        let expectation = try outputExpectation([(.stdout, "a"), (.merged, "a")])
        let verdict = expectation.check(fakeRun(stdout: ["b"], stderr: [], termination: .exited(2)))
        #expect(verdict.failures.map(\.kind.name) == ["mismatch", "mismatch", "exitStatus"])
    }

    // MARK: Runs that did not finish

    @Test func aTimedOutRunFails() throws {
        let run = fakeRun(stdout: ["done"], termination: .signaled(9), duration: 10.2, timedOut: true)
        let verdict = try outputExpectation("done").check(run)
        #expect(!verdict.passed)
        #expect(verdict.failures.map(\.kind) == [.timedOut(seconds: 10.2)])
    }

    @Test func aTimedOutRunStillReportsItsOutputFailures() throws {
        let run = fakeRun(stdout: ["started"], termination: .signaled(9), timedOut: true)
        let verdict = try outputExpectation("started\nfinished").check(run)
        #expect(verdict.failures.map(\.kind.name) == ["timedOut", "missing"])
    }

    @Test func anInterruptedRunFails() throws {
        let run = fakeRun(stdout: ["done"], termination: .signaled(2), interrupted: true)
        let verdict = try outputExpectation("done").check(run)
        #expect(verdict.failures.map(\.kind) == [.interrupted])
    }

    @Test func aRunThatPrintedNothingFailsAnExpectation() throws {
        let verdict = try outputExpectation("hello").check(fakeRun(stdout: []))
        #expect(verdict.failures.map(\.kind.name) == ["missing"])
    }
}
