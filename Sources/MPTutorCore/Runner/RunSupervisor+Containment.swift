import Glibc

/// The supervisor's containment: the process limit, ending every process
/// of the run, stack dumps of a hung run, and telling which limit a run
/// ran into.
extension RunSupervisor {
    /// What to do once the stacks of a hung run are in.
    enum StackFollowUp {
        /// The timeout: SIGTERM to every process, SIGKILL after the grace.
        case terminate
        /// The first interrupt: SIGINT to the group, as Ctrl-C would.
        case interrupt
    }

    /// A stack capture in progress.
    struct StackRequest {
        /// When to stop waiting for dumps.
        var deadline: Double
        /// The processes sent SIGUSR2.
        var targets: [pid_t]
        /// The file sizes before the signal: the birth line is already
        /// there, so only growth past it is a dump.
        var before: [pid_t: Int]
        /// The dump sizes at the previous look (a dump is complete when
        /// it has grown and its size stops changing).
        var sizes: [pid_t: Int] = [:]
        /// What comes next.
        var then: StackFollowUp
    }

    // MARK: Scans and the process limit

    /// Scans `/proc`, ends the run when it has more live processes than
    /// allowed, and keeps killing newcomers once the run is being killed.
    func scanAndEnforce(now: Double) {
        let limit = max(1, options.processLimit)
        // Once the run is being killed, only finding matters: command lines
        // are not read (a read waits while its process forks).
        tracker.scan(
            now: now, limit: groupKilledAt == nil ? limit : .max, describing: groupKilledAt == nil)
        // Close to the limit, look more often.
        nextScanAt = now + (tracker.liveCount * 2 > limit ? Self.busyScanInterval : Self.scanInterval)
        if limitHit == nil, tracker.liveCount > limit {
            limitHit = .processes(options.processLimit)
            stackRequest = nil
            endAll(SIGKILL, at: now)
        } else if groupKilledAt != nil {
            Sys.signalGroup(pid, SIGKILL)
            tracker.signalOutsideGroup(SIGKILL, ending: true)
        }
    }

    /// Sends `signal` (SIGTERM or SIGKILL) to the group with one `kill`,
    /// and to every member that left the group by pid. Before SIGKILL,
    /// makes the stop file, so that no process of the run forks again.
    func endAll(_ signal: Int32, at now: Double) {
        if signal == SIGKILL { stopForking() }
        Sys.signalGroup(pid, signal)
        tracker.signalOutsideGroup(signal, ending: true)
        if signal == SIGKILL {
            if groupKilledAt == nil { groupKilledAt = now }
        } else if terminatedAt == nil {
            terminatedAt = now
        }
    }

    /// Makes the stop file: every Python process of the run that is about
    /// to fork, or has just forked, then kills itself (see `SiteCustomize`).
    func stopForking() {
        try? Sys.writeFile(stopFile, contents: "")
    }

    /// Does what follows a stack capture.
    private func perform(_ followUp: StackFollowUp, now: Double) {
        switch followUp {
        case .terminate: endAll(SIGTERM, at: now)
        case .interrupt: Sys.signalGroup(pid, SIGINT)
        }
    }

    // MARK: Stacks

    /// Asks every live Python process of the run to dump its stack
    /// (SIGUSR2, only to processes whose dump file exists, i.e. whose
    /// handler is in place), then lets the loop wait for the dumps before
    /// `followUp`. Without stack capture, or with nobody to ask, does
    /// `followUp` at once.
    func requestStacks(then followUp: StackFollowUp, now: Double) {
        guard options.captureStacks else { return perform(followUp, now: now) }
        tracker.scan(now: now)
        var before: [pid_t: Int] = [:]
        for pid in tracker.livePIDs { before[pid] = Sys.fileSize(dumpPath(pid)) }
        let targets = before.keys.sorted()
        guard !targets.isEmpty else { return perform(followUp, now: now) }
        tracker.signal(targets, SIGUSR2)
        for target in targets where !stackTargets.contains(target) { stackTargets.append(target) }
        stackRequest = StackRequest(deadline: now + Self.stackDumpWait, targets: targets, before: before, then: followUp)
    }

    /// Ends the wait for dumps when every asked process has written one
    /// (or is gone) or the wait is over.
    func checkStackRequest(now: Double) {
        guard var request = stackRequest else { return }
        var complete = true
        var sizes: [pid_t: Int] = [:]
        for target in request.targets {
            let size = Sys.fileSize(dumpPath(target)) ?? 0
            sizes[target] = size
            let gone = ProcStat.read(target)?.hasEnded ?? true
            if !gone, size <= request.before[target] ?? 0 || request.sizes[target] != size { complete = false }
        }
        if complete || now >= request.deadline {
            stackRequest = nil
            perform(request.then, now: now)
        } else {
            request.sizes = sizes
            stackRequest = request
        }
    }

    /// The dump file of `pid`.
    func dumpPath(_ pid: pid_t) -> String {
        processDirectory + "/" + String(pid)
    }

    /// Reads and parses the dumps of the processes that were asked, main
    /// process first, then in the order they were first seen.
    func collectStacks() -> [ProcessStack] {
        let order = Dictionary(
            tracker.records.enumerated().map { ($0.element.pid, $0.offset) }, uniquingKeysWith: { first, _ in first })
        return stackTargets
            .sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
            .compactMap { target in
                guard let bytes = Sys.readFile(dumpPath(target), limit: 1 << 20), !bytes.isEmpty else { return nil }
                return StackDumpParser.parse(
                    String(decoding: bytes, as: UTF8.self), pid: target, workDirectory: workDirectory)
            }
    }

    // MARK: Which limit

    /// The limit the run ran into: the process limit when the runner
    /// ended the run for it; the CPU limit when a process died of SIGXCPU
    /// (or of the SIGKILL at the hard limit, with its CPU time at the
    /// limit when last seen); the memory limit when Python reported
    /// `MemoryError` (or ENOMEM) on standard error.
    func diagnoseLimit(termination: Termination, lines: [OutputLine]) -> RunLimit? {
        if let limitHit { return limitHit }
        if let seconds = options.cpuTimeLimit, seconds > 0 {
            let limit = RunLimit.cpuTime(seconds: seconds)
            if termination == .signaled(SIGXCPU) { return limit }
            // Seen within a scan interval or two of the limit.
            let threshold = UInt64(max(0, Double(seconds) - 0.25) * Sys.clockTicksPerSecond)
            if termination == .signaled(SIGKILL), !tracker.mainEndedByRunner,
                let ticks = tracker.mainCPUTicks, ticks >= threshold
            {
                return limit
            }
            for ended in tracker.ended {
                if let status = ended.status, RunSupervisor.termination(fromWaitStatus: status) == .signaled(SIGXCPU) {
                    return limit
                }
                if !ended.endedByRunner, ended.cpuTicks >= threshold { return limit }
            }
        }
        if let bytes = options.memoryLimit, bytes > 0,
            lines.contains(where: { $0.stream == .stderr && Self.reportsMemoryExhaustion($0.text) })
        {
            return .memory(bytes: bytes)
        }
        return nil
    }

    /// Whether a line of standard error is Python saying an allocation
    /// failed: the last line of a `MemoryError` traceback, or an `OSError`
    /// with ENOMEM (a fork or mmap refused).
    static func reportsMemoryExhaustion(_ line: String) -> Bool {
        line == "MemoryError" || line.hasPrefix("MemoryError:") || line.contains("[Errno 12] Cannot allocate memory")
    }
}


