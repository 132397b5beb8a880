/// The exit status a run must end with.
public enum ExitExpectation: Sendable, Hashable {
    /// This status (0 unless the lesson says otherwise).
    case status(Int32)
    /// Any status: the example is about what it prints before failing.
    case any
}

/// Everything a run of an example (or of a learner's exercise program) must
/// satisfy: its expect blocks, its exit status, and whether standard error
/// may hold something that no block describes.
public struct OutputExpectation: Sendable, Hashable {
    /// The expect blocks, matched in the order written.
    public var blocks: [ExpectBlock]
    /// The exit status.
    public var exit: ExitExpectation
    /// When false (the default), standard error must be empty unless a
    /// block matches it: a child that died with a traceback while the
    /// parent exited 0 must not pass.
    public var allowsStderr: Bool

    /// - Parameters: see the properties.
    public init(blocks: [ExpectBlock], exit: ExitExpectation = .status(0), allowsStderr: Bool = false) {
        self.blocks = blocks
        self.exit = exit
        self.allowsStderr = allowsStderr
    }

    /// Checks a finished run.
    /// - Returns: the verdict, with every failure found (one per block at
    ///   most, plus exit status, stray stderr, timeout).
    public func check(_ result: RunResult) -> Verdict {
        var failures: [MatchFailure] = []
        var captures = Captures()
        if result.timedOut {
            failures.append(MatchFailure(kind: .timedOut(seconds: result.duration), stream: .stdout))
        } else if result.interrupted {
            failures.append(MatchFailure(kind: .interrupted, stream: .stdout))
        }
        for block in blocks {
            let matcher = OutputMatcher(lines: lines(of: block.stream, in: result), stream: block.stream)
            if let failed = matcher.match(block, captures: &captures) {
                failures.append(failed)
            }
        }
        let stderrCovered = blocks.contains { $0.stream != .stdout }
        if !allowsStderr, !stderrCovered, !result.lines(of: .stderr).isEmpty {
            failures.append(MatchFailure(kind: .unexpectedStderr, stream: .stderr, lineIndex: 0, captures: captures))
        }
        if !result.timedOut, !result.interrupted, case .status(let expected) = exit,
           result.termination != .exited(expected) {
            failures.append(MatchFailure(kind: .exitStatus(expected: expected, actual: result.termination), stream: .stdout))
        }
        return Verdict(failures: failures, captures: captures)
    }

    private func lines(of stream: ExpectedStream, in result: RunResult) -> [String] {
        switch stream {
        case .stdout: return result.lines(of: .stdout)
        case .stderr: return result.lines(of: .stderr)
        case .merged: return result.lines.map(\.text)
        }
    }
}

/// Whether a run met its expectation, and if not, every reason.
public struct Verdict: Sendable, Hashable {
    /// The failures, in the order they were found; empty on a pass.
    public var failures: [MatchFailure]
    /// The captures bound by the match (shown after a pass too: the pids).
    public var captures: Captures

    /// True when nothing failed.
    public var passed: Bool { failures.isEmpty }
}
