import Dispatch
import Foundation
import MPTutorCore

/// A run shown live on the terminal: output streamed as it arrives (escape
/// sequences neutralised), Ctrl-C forwarded to the run's process group, then
/// how it ended and the pattern verdict.
enum LiveRun {
    static func run(_ program: Program, options: RunOptions, expectation: OutputExpectation?,
                    runner: Runner, console: Console) throws -> Verdict? {
        let control = RunControl()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { control.interrupt() }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        let result: RunResult
        do {
            result = try runner.run(program, options: options, control: control) { event in
                switch event {
                case .output(let stream, let text):
                    let visible = Sanitizer.visibleKeepingNewlines(text)
                    if stream == .stderr && console.colors {
                        console.write("\u{1B}[31m" + visible + "\u{1B}[0m")
                    } else {
                        console.write(visible)
                    }
                }
            }
        } catch {
            throw RunFailure(message: "\(error)")
        }
        console.lines(RunSummary.lines(for: result))
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
}

/// The line after a run: how it ended and how long it took.
enum RunSummary {
    static func lines(for result: RunResult) -> [StyledText] {
        var parts = [String(format: "%@ in %.2f s", result.termination.description, result.duration)]
        if result.timedOut { parts.insert("timed out: the whole process tree was ended", at: 0) }
        if result.interrupted { parts.insert("interrupted", at: 0) }
        if result.truncated { parts.append("\(result.droppedBytes) bytes of output past the capture limit were not kept") }
        let failedExit = result.termination != .exited(0)
        return [StyledText("[" + parts.joined(separator: "; ") + "]", result.timedOut || failedExit ? .error : .dim)]
    }
}
