/// Looking back at the last run: its processes (`tree`) and who printed
/// each line (`who`).
extension Session {
    /// The last run, if it has what `has` asks for; otherwise says why not.
    private func lastRun(_ has: (RunResult) -> Bool, otherwise empty: String) -> RunResult? {
        guard let result = lastRun else {
            say("nothing has run yet; type run first.", .dim)
            return nil
        }
        guard has(result) else {
            say(empty, .dim)
            return nil
        }
        return result
    }

    /// `tree`: the processes of the last run, who started whom, and how
    /// each ended.
    func showProcessTree() {
        guard let result = lastRun({ !$0.processes.isEmpty }, otherwise: "no processes were recorded for the last run.") else { return }
        say("The processes of the last run:", .emphasis)
        for line in ProcessTree.render(result.processes) { say("  " + line) }
    }

    /// `who`: the last run's output again, each line after the pid of the
    /// process that printed it.
    func showWhoPrinted() {
        guard let result = lastRun({ !$0.lines.isEmpty }, otherwise: "the last run printed nothing.") else { return }
        say("Who printed each line of the last run (pid │ line):", .emphasis)
        say(lines: PidColumn.render(result.lines))
    }
}
