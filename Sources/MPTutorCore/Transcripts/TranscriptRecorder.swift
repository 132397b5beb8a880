import FoundationEssentials
import Glibc
import Synchronization

/// Writes a transcript of a live session (`mptutor --record FILE`) that
/// replays as it is: the tutorial's own text is written literally, while
/// what varies from run to run — a program's output, timings, pids in a
/// verdict — has its numbers turned into `{{int}}`/`{{num}}` holes, and a
/// program's lines go in an `@any-order` group, since processes print in
/// any order.
public final class TranscriptRecorder: Sendable {
    private struct State {
        var pending: [String] = []
        var inRun = false
        var programLines: [String] = []
        var partial = ""
        /// The transcript file, open for appending (-1 once finished).
        var descriptor: Int32 = -1
    }

    private let state: Mutex<State>
    /// The file being written.
    public let file: String

    /// Creates (or truncates) the transcript file.
    /// - Throws: when the file cannot be created.
    public init(file: String) throws {
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw TranscriptRecorderError(file: file) }
        self.file = file
        state = Mutex(State(descriptor: descriptor))
        write(["@# Recorded by mptutor --record; replay with: mptutor replay \(file.pathLastComponent)"])
    }

    /// A line the learner typed: what was printed before it is written out.
    public func input(_ line: String) {
        flush()
        write(["> " + line])
    }

    /// Something the session printed.
    public func record(_ event: SessionEvent) {
        state.withLock { state in
            switch event {
            case .runPhase(let started):
                Self.closeProgramOutput(&state)
                state.inRun = started
            case .programOutput(_, let text):
                var pieces = (state.partial + text).components(separatedBy: "\n")
                state.partial = pieces.removeLast()
                state.programLines += pieces
            case .text(let text):
                Self.closeProgramOutput(&state)
                let line = text.description
                state.pending.append(state.inRun ? Self.generalized(line) : Self.literal(line))
            }
        }
    }

    /// Writes what is left; call at the end of the session.
    public func finish() {
        flush()
        state.withLock { state in
            if state.descriptor >= 0 { close(state.descriptor) }
            state.descriptor = -1
        }
    }

    private func flush() {
        let lines: [String] = state.withLock { state in
            Self.closeProgramOutput(&state)
            defer { state.pending = [] }
            return state.pending
        }
        write(lines)
    }

    private func write(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        state.withLock { state in
            guard state.descriptor >= 0 else { return }
            // A full disk loses the rest of the transcript, not the session.
            try? Sys.writeAll(state.descriptor, Array((lines.joined(separator: "\n") + "\n").utf8))
        }
    }

    private static func closeProgramOutput(_ state: inout State) {
        if !state.partial.isEmpty {
            state.programLines.append(state.partial)
            state.partial = ""
        }
        guard !state.programLines.isEmpty else { return }
        let lines = state.programLines.map(generalized)
        state.pending += lines.count > 1 ? ["@any-order"] + lines + ["@end"] : lines
        state.programLines = []
    }

    /// A line as a pattern that matches exactly that text.
    static func literal(_ line: String) -> String {
        let escaped = line.replacing("{{", with: "{{\"{{\"}}")
        return needsEscape(escaped) ? "\\" + escaped : escaped
    }

    /// A line as a pattern in which every number may differ.
    static func generalized(_ line: String) -> String {
        var out = ""
        var text = ""
        var scalars = Substring(line)
        while let first = scalars.first {
            if first.isASCII, first.isNumber {
                let digits = scalars.prefix { $0.isASCII && $0.isNumber }
                var rest = scalars.dropFirst(digits.count)
                var isDecimal = false
                if rest.first == ".", let next = rest.dropFirst().first, next.isASCII, next.isNumber {
                    rest = rest.dropFirst().drop { $0.isASCII && $0.isNumber }
                    isDecimal = true
                }
                out += literalPiece(text)
                text = ""
                out += isDecimal ? "{{num}}" : "{{int}}"
                scalars = rest
            } else {
                text.append(first)
                scalars = scalars.dropFirst()
            }
        }
        out += literalPiece(text)
        return needsEscape(out) ? "\\" + out : out
    }

    private static func literalPiece(_ text: String) -> String {
        text.replacing("{{", with: "{{\"{{\"}}")
    }

    private static func needsEscape(_ line: String) -> Bool {
        line.hasPrefix("@") || line.hasPrefix("\\") || line.hasPrefix("> ") || line == ">"
    }
}

/// The transcript file could not be created.
public struct TranscriptRecorderError: Error, CustomStringConvertible {
    /// The file.
    public var file: String
    /// `cannot create the transcript file …`.
    public var description: String { "cannot create the transcript file \(file)" }
}
