import FoundationEssentials

/// The line printed after a run: how it ended and how long it took, so a
/// learner sees at once a timeout, a crash by signal or a cut capture.
public enum RunSummary {
    /// `[exit 0 in 0.12 s]`, or what went wrong.
    public static func line(for result: RunResult) -> StyledText {
        var parts = ["\(result.termination.description) in \(String(result.duration, fractionDigits: 2)) s"]
        if result.timedOut { parts.insert("timed out: the whole process tree was ended", at: 0) }
        if result.interrupted { parts.insert("interrupted", at: 0) }
        if result.truncated { parts.append("\(result.droppedBytes) bytes of output past the capture limit were not kept") }
        let failed = result.timedOut || result.termination != .exited(0)
        return StyledText("[" + parts.joined(separator: "; ") + "]", failed ? .error : .dim)
    }
}

extension RunSummary {
    /// What to tell the learner after the summary line: which limit ended
    /// the run, and for a run that hung or was interrupted, where each
    /// process was waiting (condensed to the learner's own file and line).
    public static func explanation(for result: RunResult, program: Program) -> [StyledText] {
        var lines: [StyledText] = []
        if let limit = result.limitHit {
            lines.append(StyledText(limit.message, .error))
        }
        if result.timedOut || result.interrupted {
            let summaries = result.stackSummaries(for: program)
            if !summaries.isEmpty {
                lines.append(StyledText(result.timedOut
                    ? "It never finished. Where each process was waiting when it was stopped:"
                    : "Where each process was when you stopped it:", .emphasis))
                lines += summaries.map { StyledText("  " + $0, .plain) }
            }
        }
        return lines
    }
}
