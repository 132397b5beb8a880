import Synchronization

/// Keeps a terminal usable while a program floods it: the first lines and
/// bytes of a run are shown as they come, the rest only counted, and the
/// learner is told what was skipped. The capture for matching is separate
/// and has its own cap; this only limits what reaches the screen.
public final class OutputThrottle: Sendable {
    private struct State {
        var lines = 0
        var bytes = 0
        var skippedBytes = 0
        var skippedLines = 0
        var noticeGiven = false
    }

    /// Lines shown per run before the rest is skipped.
    public let maximumLines: Int
    /// Bytes shown per run before the rest is skipped.
    public let maximumBytes: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - maximumLines: lines shown per run (default 2,000).
    ///   - maximumBytes: bytes shown per run (default 256 KiB).
    public init(maximumLines: Int = 2_000, maximumBytes: Int = 256 * 1024) {
        self.maximumLines = maximumLines
        self.maximumBytes = maximumBytes
    }

    /// What to do with a piece of output.
    public enum Decision: Sendable, Equatable {
        /// Show this text.
        case show(String)
        /// Show this text, then the notice that the rest is skipped.
        case showThenSkip(String, notice: String)
        /// Show nothing.
        case skip
    }

    /// Decides what of `text` to show.
    public func admit(_ text: String) -> Decision {
        state.withLock { state in
            if state.noticeGiven {
                state.skippedBytes += text.utf8.count
                state.skippedLines += text.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                return .skip
            }
            var shown = Substring(text)
            var lines = 0
            var index = text.startIndex
            while index < text.endIndex {
                if text[index] == "\n" {
                    lines += 1
                    if state.lines + lines >= maximumLines {
                        shown = text[..<text.index(after: index)]
                        break
                    }
                }
                index = text.index(after: index)
            }
            let bytesLeft = maximumBytes - state.bytes
            if shown.utf8.count > bytesLeft {
                shown = Substring(String(decoding: shown.utf8.prefix(max(0, bytesLeft)), as: UTF8.self))
            }
            state.lines += shown.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            state.bytes += shown.utf8.count
            guard shown.count < text.count || state.lines >= maximumLines || state.bytes >= maximumBytes else {
                return .show(text)
            }
            let rest = text.utf8.count - shown.utf8.count
            state.skippedBytes += rest
            state.noticeGiven = true
            let notice = "… the program goes on printing; the rest is not shown (Ctrl-C stops it)"
            return .showThenSkip(String(shown), notice: notice)
        }
    }

    /// After a run: a line saying what was skipped, if anything, and a
    /// fresh budget for the next run.
    public func finishRun() -> String? {
        state.withLock { state in
            defer { state = State() }
            guard state.noticeGiven else { return nil }
            return "[\(state.skippedBytes) bytes of output (about \(state.skippedLines) lines) were not shown]"
        }
    }
}
