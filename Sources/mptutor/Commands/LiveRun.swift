import FoundationEssentials
import MPTutorCore

/// A run shown live on the terminal: output streamed as it arrives (escape
/// sequences neutralised), Ctrl-C forwarded to the run's process group, then
/// how it ended and the pattern verdict.
enum LiveRun {
    static func run(_ program: Program, options: RunOptions, expectation: OutputExpectation?,
                    runner: Runner, console: Console, showTree: Bool = false,
                    showPids: Bool = false) throws -> Verdict? {
        let control = RunControl()
        let interrupts = InterruptForwarder { control.interrupt() }
        defer { interrupts.stop() }
        let result: RunResult
        do {
            let throttle = OutputThrottle()
            result = try runner.run(program, options: options, control: control) { event in
                if case .output(let stream, let text) = event {
                    ProgramOutputWriter.write(text, stream: stream, console: console, throttle: throttle)
                }
            }
            if let note = throttle.finishRun() { console.line(StyledText(note, .dim)) }
        } catch {
            throw RunFailure(error)
        }
        console.line(RunSummary.line(for: result))
        console.lines(RunSummary.explanation(for: result, program: program))
        if showTree {
            console.line(StyledText("processes:", .emphasis))
            console.lines(ProcessTree.render(result.processes).map { StyledText("  " + $0) })
        }
        if showPids {
            console.line(StyledText("output by process:", .emphasis))
            console.lines(PidColumn.render(result.lines))
        }
        guard let expectation else { return nil }
        let verdict = expectation.check(result)
        if verdict.passed {
            var line = StyledText("✓ output matches the expected patterns", .success)
            if !verdict.captures.isEmpty { line.append("  (\(verdict.captures))", .dim) }
            console.line(line)
        } else {
            let report = FailureReport(result: result)
            console.line(StyledText("✗ output does not match:", .error))
            for failure in verdict.failures { console.lines(report.render(failure)) }
        }
        return verdict
    }
}

/// An error that only carries a message for the user.
struct RunFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }

    /// The error's sentence, then its hint on a line of its own.
    init(_ error: RunnerError) {
        message = "\(error)" + (error.hint.map { "\nhint: \($0)" } ?? "")
    }
}
