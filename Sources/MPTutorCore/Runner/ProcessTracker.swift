import Glibc

/// Knows which processes belong to one run, by scanning `/proc`.
///
/// A process belongs to the run (is a *member*) when any of these holds:
/// - it is in the run's process group (the main process's pid);
/// - its parent is a member (so descendants are followed as they are
///   created, before a double fork and `setsid()` can hide them);
/// - its environment block carries the run's marker (`MPTUTOR_RUN=<run
///   directory>`), which every process of the run inherits and which an
///   orphan keeps after `setsid()` and reparenting, even if the program
///   cleared `os.environ` (only an `exec` with a new environment drops it).
///
/// Once a member, a process stays one until it is gone, whatever its
/// parent or group becomes. Processes that are none of these are
/// remembered as foreign until their pid disappears, so a scan reads the
/// stat line of members and of new pids only. A pid is tied to its start
/// time, so a reused pid is never taken for the process it replaced, and
/// signals go through a pidfd after that check.
///
/// Several runs may be active in one process: each has its own tracker and
/// never signals or reaps anything but its members. Zombies adopted by this
/// process (a child subreaper) are reaped by pid, never with `waitpid(-1)`.
final class ProcessTracker {
    /// A process of the run that is still listed in `/proc` (perhaps as a
    /// zombie).
    struct Member {
        var stat: ProcStat
        /// Its command line when last read (empty for a zombie).
        var arguments: [String]
        /// Its index in `records`, if it was recorded.
        var record: Int?
        /// True once the runner sent it SIGTERM or SIGKILL.
        var endedByRunner = false
    }

    /// How an ended member ended, for the CPU-limit diagnosis.
    struct Ended {
        var cpuTicks: UInt64
        var endedByRunner: Bool
        var status: Int32?
    }

    let mainPID: pid_t
    let selfPID: pid_t
    let start: Double
    /// `MPTUTOR_RUN=<value>` as bytes.
    let marker: [UInt8]
    /// The run's working directory (paths inside it are shown relative).
    let workDirectory: String
    /// The most records kept (a fork bomb would otherwise make thousands).
    let recordLimit: Int

    private(set) var members: [pid_t: Member] = [:]
    private var foreign: Set<pid_t>
    private(set) var records: [ProcessRecord] = []
    /// Members that ended, in the order they were seen to end.
    private(set) var ended: [Ended] = []
    /// Processes seen beyond `recordLimit`.
    private(set) var unrecorded = 0
    /// When the last scan ran (monotonic seconds).
    private(set) var lastScanAt = -Double.infinity
    /// Scans so far (for tests and measurements).
    private(set) var scanCount = 0

    /// The environment variable carrying the run's marker.
    static let markerVariable = "MPTUTOR_RUN"

    /// - Parameters:
    ///   - mainPID: the run's main process, also its process group id.
    ///   - start: the run's start (monotonic seconds), for `firstSeen`.
    ///   - markerValue: the value of `MPTUTOR_RUN` in the run's
    ///     environment.
    ///   - baseline: the pids listed just before the spawn; none of them
    ///     can belong to the run, so they are not even read.
    ///   - workDirectory: the run's working directory.
    ///   - recordLimit: the most processes to record.
    init(
        mainPID: pid_t, start: Double, markerValue: String, baseline: [pid_t], workDirectory: String,
        recordLimit: Int = 512
    ) {
        self.mainPID = mainPID
        selfPID = Sys.processID()
        self.start = start
        marker = Array((Self.markerVariable + "=" + markerValue).utf8)
        self.workDirectory = workDirectory
        self.recordLimit = recordLimit
        var foreign = Set(baseline)
        foreign.remove(mainPID)
        self.foreign = foreign
    }

    // MARK: Scanning

    /// The members that have not ended (not zombies).
    var liveCount: Int { members.values.reduce(0) { $0 + ($1.stat.hasEnded ? 0 : 1) } }

    /// The live members' pids.
    var livePIDs: [pid_t] { members.compactMap { $0.value.stat.hasEnded ? nil : $0.key } }

    /// Lists `/proc` and brings the membership up to date: admits new
    /// members, notes the ones that are gone, refreshes descriptions (a
    /// spawned child execs after its fork) and reaps the zombies this
    /// process adopted.
    /// - Parameter now: the monotonic time.
    func scan(now: Double) {
        lastScanAt = now
        scanCount += 1
        let pids = Sys.listProcessIDs()
        let present = Set(pids)
        foreign.formIntersection(present)
        for (pid, member) in members where !present.contains(pid) {
            memberEnded(pid, member, status: nil)
        }
        var fresh: [pid_t: ProcStat] = [:]
        for pid in pids where !foreign.contains(pid) {
            guard let stat = ProcStat.read(pid) else { continue }
            guard var member = members[pid] else {
                fresh[pid] = stat
                continue
            }
            if member.stat.startTime != stat.startTime {
                // The pid was reused between two scans: a new process.
                memberEnded(pid, member, status: nil)
                fresh[pid] = stat
                continue
            }
            member.stat = stat
            if !stat.hasEnded {
                let arguments = ProcStat.arguments(pid)
                if !arguments.isEmpty, arguments != member.arguments {
                    member.arguments = arguments
                    if let index = member.record {
                        records[index].description = describe(pid: pid, stat: stat, arguments: arguments)
                    }
                }
            }
            members[pid] = member
        }
        admit(fresh, now: now)
        reapAdopted()
    }

    /// Sorts new pids into members and foreign ones.
    private func admit(_ fresh: [pid_t: ProcStat], now: Double) {
        var pending = fresh
        var markerChecked: Set<pid_t> = []
        while !pending.isEmpty {
            // Group and ancestry first, until nothing changes (a child may
            // be listed before its parent).
            var progress = true
            while progress {
                progress = false
                for (pid, stat) in pending where pid == mainPID || stat.pgid == mainPID || members[stat.ppid] != nil {
                    add(stat, now: now)
                    pending[pid] = nil
                    progress = true
                }
            }
            // Then the marker, for orphans whose parent was never seen.
            var added = false
            for (pid, stat) in pending where !markerChecked.contains(pid) {
                markerChecked.insert(pid)
                guard pid != selfPID, pid > 2, stat.ppid != 2, !stat.hasEnded else { continue }
                if ProcStat.environment(of: pid, contains: marker) {
                    add(stat, now: now)
                    pending[pid] = nil
                    added = true
                }
            }
            if !added { break }
        }
        foreign.formUnion(pending.keys)
    }

    /// Makes `stat`'s process a member and records it.
    private func add(_ stat: ProcStat, now: Double) {
        let arguments = stat.hasEnded ? [] : ProcStat.arguments(stat.pid)
        var member = Member(stat: stat, arguments: arguments)
        if records.count < recordLimit {
            member.record = records.count
            records.append(
                ProcessRecord(
                    pid: stat.pid, parentPID: stat.ppid,
                    description: describe(pid: stat.pid, stat: stat, arguments: arguments),
                    firstSeen: max(0, now - start), ending: .exited, isMain: stat.pid == mainPID))
        } else {
            unrecorded += 1
        }
        members[stat.pid] = member
    }

    /// What to call a process (see `ProcessDescription`).
    private func describe(pid: pid_t, stat: ProcStat, arguments: [String]) -> String {
        let parent = members[stat.ppid]
        if arguments.isEmpty {
            // A zombie: only its command name is left.
            let name = ProcStat.commandName(pid)
            if let parent, !name.isEmpty, name == ProcStat.commandName(parent.stat.pid) {
                return "forked child"
            }
            return name.isEmpty ? "process" : name
        }
        return ProcessDescription.describe(
            arguments: arguments, parentArguments: parent?.arguments, workDirectory: workDirectory)
    }

    /// Notes that a member is gone (or reaped) and drops it.
    private func memberEnded(_ pid: pid_t, _ member: Member, status: Int32?) {
        ended.append(Ended(cpuTicks: member.stat.cpuTicks, endedByRunner: member.endedByRunner, status: status))
        if let index = member.record {
            if member.endedByRunner {
                records[index].ending = .endedByRunner
            } else if let status {
                records[index].ending = .termination(RunSupervisor.termination(fromWaitStatus: status))
            } else {
                records[index].ending = .exited
            }
        }
        members[pid] = nil
    }

    /// Reaps members that are zombies adopted by this process (orphans of
    /// the run, when this process is a child subreaper). Never the main
    /// process: the supervisor reaps it last, so its pid (the group id)
    /// stays reserved.
    private func reapAdopted() {
        for (pid, member) in members
        where pid != mainPID && member.stat.hasEnded && member.stat.ppid == selfPID {
            guard let reaped = try? Sys.wait(pid, options: WNOHANG), reaped.pid == pid else { continue }
            memberEnded(pid, member, status: reaped.status)
        }
    }

    // MARK: Signals

    /// Sends `signal` to every live member outside the run's process group
    /// (the caller signals the group itself with one `kill`, so nobody gets
    /// it twice), each through a pidfd after checking its start time.
    /// - Parameters:
    ///   - signal: the signal.
    ///   - ending: true for SIGTERM and SIGKILL: the members are then
    ///     recorded as ended by mptutor (group members too).
    func signalOutsideGroup(_ signal: Int32, ending: Bool) {
        for (pid, member) in members where !member.stat.hasEnded {
            if ending { members[pid]?.endedByRunner = true }
            guard member.stat.pgid != mainPID else { continue }
            let started = member.stat.startTime
            _ = Sys.signalProcess(pid, signal) { ProcStat.read(pid)?.startTime == started }
        }
    }

    /// Sends `signal` to the given live members one by one (for SIGUSR2,
    /// which must reach only processes that registered for it).
    func signal(_ pids: [pid_t], _ signal: Int32) {
        for pid in pids {
            guard let member = members[pid], !member.stat.hasEnded else { continue }
            let started = member.stat.startTime
            _ = Sys.signalProcess(pid, signal) { ProcStat.read(pid)?.startTime == started }
        }
    }

    /// Ends every process of the run and reaps the ones this process
    /// adopted: SIGKILL to the group and to every member, then a fresh
    /// scan, until a scan finds no live member and no adopted zombie (a
    /// member may fork between a scan and its kill; a killed process
    /// cannot fork again, so this converges in a few rounds).
    /// - Parameter deadline: when to give up (a process stuck in the
    ///   kernel can take a while to die).
    func endAll(deadline: Double) {
        var round = 0
        while true {
            let now = Sys.monotonicSeconds()
            Sys.signalGroup(mainPID, SIGKILL)
            scan(now: now)
            let adoptedZombies = members.contains { $0.key != mainPID && $0.value.stat.hasEnded && $0.value.stat.ppid == selfPID }
            if liveCount == 0 && !adoptedZombies { return }
            if now >= deadline { return }
            signalOutsideGroup(SIGKILL, ending: true)
            round += 1
            Sys.sleep(round < 5 ? 0.001 : 0.005)
        }
    }

    // MARK: The end

    /// The records, with the main process's ending filled in and any member
    /// still listed (a process that would not die) marked as ended by the
    /// runner.
    func finalRecords(mainTermination: Termination) -> [ProcessRecord] {
        var result = records
        for (pid, member) in members where pid != mainPID {
            if let index = member.record { result[index].ending = member.endedByRunner ? .endedByRunner : .exited }
        }
        if let index = members[mainPID]?.record ?? result.firstIndex(where: \.isMain) {
            result[index].ending = .termination(mainTermination)
        }
        return result
    }

    /// The CPU time the main process has used so far, in clock ticks.
    var mainCPUTicks: UInt64? { members[mainPID]?.stat.cpuTicks }

    /// Whether the main process was sent SIGTERM or SIGKILL by the runner.
    var mainEndedByRunner: Bool { members[mainPID]?.endedByRunner ?? false }
}
