import Glibc

/// Watches one spawned run to its end: drains both output pipes, feeds
/// standard input, notices the main process's exit, enforces the timeout
/// and the process limit, acts on interrupts, asks a hung run where it is
/// stuck, and finally makes sure no process of the run is left.
///
/// Everything happens in one `poll()` loop on the caller's thread, so there
/// are no helper threads to coordinate and nothing to lock. The run ends
/// when the main process has exited and both pipes have reached end of
/// file, which is when a grandchild that still printed after its parent
/// returned has been heard too.
///
/// The run's processes are followed by a `ProcessTracker`, which scans
/// `/proc` right after the spawn, every `scanInterval`, and when output
/// arrives (at most every `outputScanGap`). Ending the run means SIGTERM or
/// SIGKILL to the process group with one `kill`, and to each member that
/// left the group (`setsid`) by pid.
final class RunSupervisor {
    /// How long pipes may stay open after the main process exits before
    /// the group is killed (an orphan still printing or sleeping).
    static let orphanGrace = 0.2
    /// How long to wait for end of file after SIGKILL to the group; only a
    /// process that left the group (`setsid`) can hold a pipe past this.
    static let escapeGrace = 1.0
    /// Poll interval when no pidfd is available to signal the exit.
    static let exitPollInterval = 0.01
    /// Poll interval when an interrupt cannot wake the loop by itself.
    static let interruptPollInterval = 0.05
    /// Bytes read per `read` call.
    static let chunkSize = 64 << 10
    /// Seconds between two scans of `/proc` while the run goes on.
    static let scanInterval = 0.05
    /// Seconds between two scans while more than half the process limit
    /// is alive.
    static let busyScanInterval = 0.01
    /// The least time between two scans made because output arrived (a
    /// flood of output must not turn into a flood of scans).
    static let outputScanGap = 0.005
    /// The longest wait for the stack dumps of a hung run (the wait ends
    /// as soon as every dump is complete; the margin is for a loaded
    /// machine, where a process may wait a while for a core).
    static let stackDumpWait = 0.5
    /// How often the dump files are looked at meanwhile.
    static let stackPollInterval = 0.005
    /// The longest the final clean-up keeps killing and reaping.
    static let teardownLimit = 2.0

    let pid: pid_t
    let options: RunOptions
    private let control: RunControl?
    private let onEvent: (@Sendable (RunEvent) -> Void)?
    let start: Double

    private var stdoutFD: Int32?
    private var stderrFD: Int32?
    private var stdinFD: Int32?
    private var pidFD: Int32?
    private let input: [UInt8]
    private var inputOffset = 0

    private var capture: OutputCapture
    private var decoders = [UTF8StreamDecoder(), UTF8StreamDecoder()]
    /// Take the writer markers out of each stream, when the run tags its
    /// processes.
    private var strippers: [ProcessMarkerStripper]?

    private var mainExitedAt: Double?
    var terminatedAt: Double?
    var groupKilledAt: Double?
    private var timedOut = false
    private var interrupted = false
    private var interruptsHandled = 0

    /// The run's processes.
    let tracker: ProcessTracker
    /// Where the per-process files (and stack dumps) are, the stop file,
    /// and the run's working directory.
    let processDirectory: String
    let stopFile: String
    let workDirectory: String
    /// When the next periodic scan is due.
    var nextScanAt: Double
    /// The limit that ended the run, when the runner itself ended it.
    var limitHit: RunLimit?
    /// A stack capture in progress, and what to do after it.
    var stackRequest: StackRequest?
    /// Every process asked for a stack dump.
    var stackTargets: [pid_t] = []

    /// Takes over a spawned child.
    /// - Parameters:
    ///   - child: the main process and the parent's pipe ends (now owned
    ///     by the supervisor, which closes them).
    ///   - start: the monotonic time of the spawn.
    ///   - options: timeout, capture cap, input, grace.
    ///   - control: where interrupts come from.
    ///   - onEvent: called with each piece of output as it arrives.
    ///   - usePidfd: false forces the polling fallback (for tests).
    ///   - workspace: the run's directory (marker, stacks, program).
    ///   - baseline: the pids listed just before the spawn.
    init(
        child: ChildProcess, start: Double, options: RunOptions, control: RunControl?,
        onEvent: (@Sendable (RunEvent) -> Void)?, usePidfd: Bool, workspace: RunWorkspace, baseline: [pid_t]
    ) {
        pid = child.pid
        self.start = start
        self.options = options
        self.control = control
        self.onEvent = onEvent
        stdoutFD = child.stdout
        stderrFD = child.stderr
        stdinFD = child.stdin
        input = Array((options.stdin ?? "").utf8)
        capture = OutputCapture(limit: options.captureLimit)
        if options.tagProcesses { strippers = [ProcessMarkerStripper(), ProcessMarkerStripper()] }
        if usePidfd { pidFD = try? Sys.pidfdOpen(child.pid) }
        processDirectory = workspace.processDirectory
        stopFile = workspace.stopFile
        workDirectory = workspace.workDirectory
        tracker = ProcessTracker(
            mainPID: child.pid, start: start, markerValue: workspace.root, baseline: baseline,
            workDirectory: workspace.workDirectory,
            birthDirectory: workspace.processDirectory)
        // The first scan, right after the spawn.
        let now = Sys.monotonicSeconds()
        tracker.scan(now: now)
        nextScanAt = now + Self.scanInterval
    }

    /// Runs the loop to the end, tears the group down and reaps the child.
    /// - Returns: the run's result.
    func run() -> RunResult {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 1)
        defer { buffer.deallocate() }
        let previousNice = ResourceLimits.raiseSupervisorPriority()
        defer { ResourceLimits.restoreSupervisorPriority(previousNice) }
        if stdinFD != nil, input.isEmpty { closeInput() }

        while true {
            let now = Sys.monotonicSeconds()
            checkInterrupts(now: now)
            checkStackRequest(now: now)
            checkDeadlines(now: now)
            if now >= nextScanAt { scanAndEnforce(now: now) }
            if mainExitedAt == nil, pidFD == nil, (try? Sys.hasExited(pid)) ?? true {
                mainExitedAt = now
                continue
            }
            if mainExitedAt != nil, stdoutFD == nil, stderrFD == nil { break }
            if let killed = groupKilledAt, now >= killed + Self.escapeGrace {
                // Something outside the group holds the pipes; stop waiting.
                break
            }
            waitForActivity(now: now, buffer: buffer)
        }
        return finish()
    }

    // MARK: The loop's steps

    /// Polls the open descriptors until one is ready or the next deadline,
    /// then serves each ready one.
    private func waitForActivity(now: Double, buffer: UnsafeMutableRawBufferPointer) {
        var fds: [pollfd] = []
        func watch(_ fd: Int32?, _ events: Int32) {
            if let fd { fds.append(pollfd(fd: fd, events: Int16(events), revents: 0)) }
        }
        watch(stdoutFD, POLLIN)
        watch(stderrFD, POLLIN)
        watch(pidFD, POLLIN)
        watch(stdinFD, POLLOUT)
        if let control, control.wakeReadFD >= 0 { watch(control.wakeReadFD, POLLIN) }

        do {
            _ = try Sys.poll(&fds, timeoutMilliseconds: pollTimeout(now: now))
        } catch {
            // Cannot happen with valid descriptors; do not spin.
            Sys.sleep(0.01)
            return
        }
        for entry in fds where entry.revents != 0 {
            switch entry.fd {
            case stdoutFD: drain(.stdout, buffer: buffer)
            case stderrFD: drain(.stderr, buffer: buffer)
            case pidFD:
                Sys.close(entry.fd)
                pidFD = nil
                mainExitedAt = mainExitedAt ?? Sys.monotonicSeconds()
            case stdinFD: feedInput()
            default: control?.drainWakeups()
            }
        }
    }

    /// Milliseconds until the next thing the loop must do by itself.
    private func pollTimeout(now: Double) -> Int32 {
        var next = Double.infinity
        if groupKilledAt == nil {
            if terminatedAt == nil, !timedOut { next = min(next, start + options.timeout) }
            if let terminatedAt { next = min(next, terminatedAt + options.killGrace) }
            if let exited = mainExitedAt { next = min(next, exited + Self.orphanGrace) }
        } else if let killed = groupKilledAt {
            next = min(next, killed + Self.escapeGrace)
        }
        next = min(next, nextScanAt)
        if stackRequest != nil { next = min(next, now + Self.stackPollInterval) }
        if mainExitedAt == nil, pidFD == nil { next = min(next, now + Self.exitPollInterval) }
        if let control, control.wakeReadFD < 0 { next = min(next, now + Self.interruptPollInterval) }
        guard next.isFinite else { return -1 }
        let milliseconds = ((next - now) * 1000).rounded(.up)
        return Int32(max(0, min(milliseconds, Double(Int32.max))))
    }

    /// Reads one chunk from a stream: stores it, streams it, or notes EOF.
    private func drain(_ stream: OutputStream, buffer: UnsafeMutableRawBufferPointer) {
        guard let fd = stream == .stdout ? stdoutFD : stderrFD else { return }
        let count: Int
        do {
            count = try Sys.read(fd, into: buffer)
        } catch {
            if error.code == EAGAIN || error.code == EWOULDBLOCK { return }
            count = 0  // treat a read error as end of file
        }
        let slot = stream == .stdout ? 0 : 1
        guard count > 0 else {
            Sys.close(fd)
            if stream == .stdout { stdoutFD = nil } else { stderrFD = nil }
            if let held = strippers?[slot].finish(), !held.isEmpty {
                // An unfinished marker at the very end was text after all.
                held.withUnsafeBytes { accept($0, from: stream, slot: slot, pid: strippers?[slot].currentPID) }
            }
            let rest = decoders[slot].finish()
            if !rest.isEmpty { onEvent?(.output(stream, rest)) }
            return
        }
        let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<count])
        if strippers != nil {
            let stripped = strippers![slot].strip(chunk)
            stripped.text.withUnsafeBytes { text in
                for segment in stripped.segments {
                    capture.append(UnsafeRawBufferPointer(rebasing: text[segment.range]), from: stream,
                                   at: Sys.monotonicSeconds() - start, pid: segment.pid)
                }
                deliver(text, from: stream, slot: slot)
            }
        } else {
            capture.append(chunk, from: stream, at: Sys.monotonicSeconds() - start)
            deliver(chunk, from: stream, slot: slot)
        }
    }

    /// Stores and streams bytes that are plain text (no markers).
    private func accept(_ bytes: UnsafeRawBufferPointer, from stream: OutputStream, slot: Int, pid: Int32?) {
        capture.append(bytes, from: stream, at: Sys.monotonicSeconds() - start, pid: pid)
        deliver(bytes, from: stream, slot: slot)
    }

    /// Streams text that was just stored, and scans for new processes.
    private func deliver(_ text: UnsafeRawBufferPointer, from stream: OutputStream, slot: Int) {
        let now = Sys.monotonicSeconds()
        // A process that printed is alive now: a scan catches short-lived
        // children (a forked child that prints and exits at once).
        if now - tracker.lastScanAt >= Self.outputScanGap { scanAndEnforce(now: now) }
        if let onEvent, !text.isEmpty {
            let decoded = decoders[slot].decode(text)
            if !decoded.isEmpty { onEvent(.output(stream, decoded)) }
        }
    }

    /// Writes as much of the input as the pipe takes; closes it when all is
    /// written or the reader is gone.
    private func feedInput() {
        guard let fd = stdinFD else { return }
        let result = input.withUnsafeBytes { bytes in
            Result { () throws(Errno) -> Int in
                try Sys.write(fd, UnsafeRawBufferPointer(rebasing: bytes[inputOffset...]))
            }
        }
        switch result {
        case .success(let written):
            inputOffset += written
            if inputOffset >= input.count { closeInput() }
        case .failure(let error):
            // EAGAIN: the pipe is full, wait for POLLOUT again. EPIPE and
            // the rest: nobody reads any more.
            if error.code != EAGAIN && error.code != EWOULDBLOCK { closeInput() }
        }
    }

    private func closeInput() {
        if let fd = stdinFD { Sys.close(fd) }
        stdinFD = nil
    }

    /// Acts on interrupts requested since the last look: the stacks, then
    /// SIGINT first, SIGKILL after.
    private func checkInterrupts(now: Double) {
        guard let control else { return }
        let requested = control.interruptCount
        while interruptsHandled < requested {
            interruptsHandled += 1
            interrupted = true
            if interruptsHandled == 1 {
                if stackRequest == nil, groupKilledAt == nil { requestStacks(then: .interrupt, now: now) }
            } else {
                stackRequest = nil
                endAll(SIGKILL, at: now)
                break
            }
        }
        interruptsHandled = max(interruptsHandled, requested)
    }

    /// At the timeout asks for the stacks and then sends TERM, KILL after
    /// the grace, and KILL to a run whose main process is gone but whose
    /// pipes stay open.
    private func checkDeadlines(now: Double) {
        guard groupKilledAt == nil else { return }
        if !timedOut, now >= start + options.timeout {
            timedOut = true
            if stackRequest == nil { requestStacks(then: .terminate, now: now) }
        }
        if let terminatedAt, now >= terminatedAt + options.killGrace {
            endAll(SIGKILL, at: now)
        }
        if let exited = mainExitedAt, now >= exited + Self.orphanGrace {
            stackRequest = nil
            endAll(SIGKILL, at: now)
        }
    }

    // MARK: The end

    /// Closes what is left, kills the group, reaps, and builds the result.
    private func finish() -> RunResult {
        let end = Sys.monotonicSeconds()
        for fd in [stdoutFD, stderrFD, stdinFD, pidFD].compactMap({ $0 }) { Sys.close(fd) }
        stdoutFD = nil
        stderrFD = nil
        stdinFD = nil
        pidFD = nil
        capture.finish(at: end - start)

        // Nothing of the run may outlive it: kill the group and every
        // member, and reap the orphans this process adopted. The main
        // process is still an unreaped zombie here, so its pid (the group
        // id) cannot have been reused by an unrelated group; it is reaped
        // last.
        stopForking()
        tracker.endAll(deadline: Sys.monotonicSeconds() + Self.teardownLimit)
        let status = (try? Sys.wait(pid))?.status ?? 0
        let termination = Self.termination(fromWaitStatus: status)

        return RunResult(
            termination: termination,
            duration: end - start,
            lines: capture.lines,
            timedOut: timedOut,
            interrupted: interrupted,
            droppedBytes: capture.droppedBytes,
            limitHit: diagnoseLimit(termination: termination, lines: capture.lines),
            stacks: collectStacks(),
            processes: tracker.finalRecords(
                mainTermination: termination, realStart: Sys.realtimeSeconds() - (Sys.monotonicSeconds() - start)))
    }

    /// Decodes a `waitpid` status (the `WIFEXITED` family are C macros that
    /// Swift does not import).
    static func termination(fromWaitStatus status: Int32) -> Termination {
        let signal = status & 0x7F
        if signal == 0 { return .exited((status >> 8) & 0xFF) }
        return .signaled(signal)
    }
}
