import Foundation
import Synchronization
import Testing

@testable import MPTutorCore

/// The real interpreter, resolved once for every runner test.
let testInterpreter: Result<PythonInterpreter, RunnerError> = Result { () throws(RunnerError) in
    try PythonInterpreter.resolve(explicit: nil, environment: ProcessInfo.processInfo.environment)
}

/// A runner on the real interpreter, in a process that is a child
/// subreaper (as the command line makes itself at start-up).
func makeRunner() throws -> Runner {
    Runner.enableSubreaper()
    return Runner(interpreter: try testInterpreter.get())
}

/// Runs `source` (a whole program) with `options`.
func runPython(
    _ source: String, options: RunOptions = .init(), control: RunControl? = nil,
    onEvent: (@Sendable (RunEvent) -> Void)? = nil
) throws -> RunResult {
    try makeRunner().run(Program(source: source), options: options, control: control, onEvent: onEvent)
}

/// Collects streamed events from the runner's thread.
final class EventLog: Sendable {
    private let events = Mutex<[RunEvent]>([])

    /// The callback to give the runner.
    var handler: @Sendable (RunEvent) -> Void {
        { event in self.events.withLock { $0.append(event) } }
    }

    /// All text streamed on one stream, concatenated.
    func text(of stream: MPTutorCore.OutputStream) -> String {
        events.withLock { events in
            events.map { event -> String in
                switch event {
                case .output(let from, let text): return from == stream ? text : ""
                }
            }.joined()
        }
    }
}

/// Whether `pid` no longer runs: no `/proc` entry, or a zombie (dead,
/// waiting for whoever its parent is now to reap it).
func processIsGone(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return true }
    let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
    return state == "Z" || state == "X"
}

/// Waits up to `timeout` seconds for `pid` to be gone (SIGKILL is
/// delivered at once, but the kernel finishes the exit asynchronously).
func waitUntilGone(_ pid: Int32, timeout: Double = 1.0) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if processIsGone(pid) { return true }
        usleep(10_000)
    }
    return processIsGone(pid)
}

/// The integer after `label` in a line like `grandchild 1234`.
func pid(after label: String, in lines: [String]) -> Int32? {
    for line in lines where line.hasPrefix(label + " ") {
        if let value = Int32(line.dropFirst(label.count + 1)) { return value }
    }
    return nil
}
