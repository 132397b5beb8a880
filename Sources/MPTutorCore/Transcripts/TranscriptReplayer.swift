import FoundationEssentials
import Synchronization

/// Replays a transcript: feeds its typed lines to a `Session`, the same
/// engine the terminal drives, and matches what the session prints after
/// each line against the transcript's patterns.
public struct TranscriptReplayer: Sendable {
    private let course: Course
    private let runner: Runner

    /// - Parameters:
    ///   - course: the lessons the session uses.
    ///   - runner: runs the examples.
    public init(course: Course, runner: Runner) {
        self.course = course
        self.runner = runner
    }

    /// The outcome of a replay.
    public struct Outcome: Sendable {
        /// The transcript.
        public var file: String
        /// The report of the first exchange that did not match; empty on a pass.
        public var problems: [StyledText]
        /// Exchanges replayed.
        public var exchanges: Int
        /// True when everything matched.
        public var passed: Bool { problems.isEmpty }
    }

    /// Replays one transcript with fresh progress in a temporary state
    /// folder (removed afterwards), so replays never depend on each other.
    public func replay(_ transcript: Transcript) -> Outcome {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mptutor-replay-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let collector = OutputCollector()
        let session = Session(course: course, runner: runner, store: ProgressStore(directory: state),
                              width: { 80 }, emit: { collector.add($0) })
        var captures = Captures()
        session.start()
        for (number, exchange) in transcript.exchanges.enumerated() {
            if let input = exchange.input {
                if session.handle(input) == .quit, number + 1 < transcript.exchanges.count {
                    let produced = collector.take()
                    if let failure = check(exchange, produced, &captures) { return failure(transcript, number) }
                    return Outcome(file: transcript.file, problems: [
                        StyledText("\(transcript.exchanges[number + 1].location): ", .location)
                            + StyledText("the session ended (quit) before this input", .error)], exchanges: number + 1)
                }
            }
            let produced = collector.take()
            if let failure = check(exchange, produced, &captures) { return failure(transcript, number) }
        }
        session.finish()
        return Outcome(file: transcript.file, problems: [], exchanges: transcript.exchanges.count)
    }

    private func check(_ exchange: Transcript.Exchange, _ lines: [String], _ captures: inout Captures)
        -> ((Transcript, Int) -> Outcome)? {
        let matcher = OutputMatcher(lines: lines, stream: .merged)
        guard let failure = matcher.match(exchange.expected, captures: &captures) else { return nil }
        return { transcript, number in
            let result = RunResult(termination: .exited(0), duration: 0,
                                   lines: lines.map { OutputLine(stream: .stdout, text: $0, time: 0) },
                                   timedOut: false, interrupted: false, droppedBytes: 0)
            var problems = [StyledText("after ", .dim) + StyledText(exchange.input.map { "> \($0)" } ?? "the start", .code)
                            + StyledText(" (\(exchange.location)):", .dim)]
            problems += FailureReport(result: result).render(failure, context: 3)
            return Outcome(file: transcript.file, problems: problems, exchanges: number + 1)
        }
    }
}

/// Gathers what a session prints as lines: its own text, and program
/// output split at line breaks (a line a program left open is closed when
/// the next text comes).
final class OutputCollector: Sendable {
    private let state = Mutex<(lines: [String], partial: String)>(([], ""))

    func add(_ event: SessionEvent) {
        state.withLock { state in
            switch event {
            case .text(let text):
                if !state.partial.isEmpty {
                    state.lines.append(state.partial)
                    state.partial = ""
                }
                state.lines.append(text.description)
            case .programOutput(_, let text):
                var pieces = (state.partial + text).components(separatedBy: "\n")
                state.partial = pieces.removeLast()
                state.lines += pieces
            case .runPhase:
                break
            }
        }
    }

    /// The lines gathered since the last call.
    func take() -> [String] {
        state.withLock { state in
            if !state.partial.isEmpty {
                state.lines.append(state.partial)
                state.partial = ""
            }
            defer { state.lines = [] }
            return state.lines
        }
    }
}
