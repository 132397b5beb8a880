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
///   cleared `os.environ` (only an `exec` with a new environment drops it);
/// - the run's directory holds its birth file: the file named by its pid
///   that the runner's `sitecustomize` creates in every Python process of
///   the run, made after the process started (the only way to know a
///   zombie adopted by this process, which has no environment left).
///
/// Once a member, a process stays one until it is gone, whatever its
/// parent or group becomes. Processes that are none of these are
/// remembered as foreign until their pid disappears, so a scan reads the
/// stat line of members and of new pids only. A pid is tied to its start
/// time, so a reused pid is never taken for the process it replaced, and
/// signals go through a pidfd after that check.
///
/// A scan has a cheap phase (stat lines only: group and ancestry) and a
/// costly one (birth files, environments and command lines; reading the
/// last two waits while the process forks, which under a fork bomb can be
/// long). The process limit is checked between the two, so a fork bomb is
/// caught before the costly reads could let it outrun the scans, and the
/// costly phase has a time budget: what it did not get to waits for the
/// next scan. Command lines are read only for processes that exec'd (a
/// forked child has its parent's `ProcStat.image`, and is described as a
/// forked child without a read), once per program image.
///
/// Several runs may be active in one process: each has its own tracker and
/// never signals or reaps anything but its members. Zombies adopted by this
/// process (a child subreaper) are reaped by pid, never with `waitpid(-1)`.
final class ProcessTracker {
    /// A process of the run that is still listed in `/proc` (perhaps as a
    /// zombie).
    struct Member {
        var stat: ProcStat
        /// Its command line when last read (empty for a zombie, a forked
        /// child, or before it was described).
        var arguments: [String] = []
        /// Its index in `records`, if it was recorded.
        var record: Int?
        /// True once the runner sent it SIGTERM or SIGKILL.
        var endedByRunner = false
        /// The program image its description is for (nil: not described
        /// yet); a new image means it exec'd.
        var describedImage: ProcStat.Image?
        /// Its description.
        var description = "process"
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
    /// Where the per-pid files of the run's Python processes are; nil when
    /// they are not made.
    let birthDirectory: String?
    /// The most records kept (a fork bomb would otherwise make thousands).
    let recordLimit: Int
    /// When the machine booted (real-time seconds), for start times.
    private let bootTime = Sys.bootTime()

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
    /// The most time one scan spends on the costly phase.
    static let costlyBudget = 0.02

    /// - Parameters:
    ///   - mainPID: the run's main process, also its process group id.
    ///   - start: the run's start (monotonic seconds), for `firstSeen`.
    ///   - markerValue: the value of `MPTUTOR_RUN` in the run's
    ///     environment.
    ///   - baseline: the pids listed just before the spawn; none of them
    ///     can belong to the run, so they are not even read.
    ///   - workDirectory: the run's working directory.
    ///   - birthDirectory: where the run's Python processes leave a file
    ///     named by their pid.
    ///   - recordLimit: the most processes to record.
    init(
        mainPID: pid_t, start: Double, markerValue: String, baseline: [pid_t], workDirectory: String,
        birthDirectory: String? = nil, recordLimit: Int = 512
    ) {
        self.mainPID = mainPID
        selfPID = Sys.processID()
        self.start = start
        marker = Array((Self.markerVariable + "=" + markerValue).utf8)
        self.workDirectory = workDirectory
        self.birthDirectory = birthDirectory
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
    /// members, notes the ones that are gone, describes new ones (and
    /// forked children that may just have exec'd), and reaps the zombies
    /// this process adopted.
    /// - Parameters:
    ///   - now: the monotonic time.
    ///   - limit: when more members than this are alive after the cheap
    ///     phase, the scan stops there (the caller ends the run; the next
    ///     scan picks up the rest).
    ///   - describing: false skips reading command lines (the final
    ///     clean-up only needs to find and kill).
    /// - Returns: false when the scan stopped at `limit`.
    @discardableResult
    func scan(now: Double, limit: Int = .max, describing: Bool = true) -> Bool {
        lastScanAt = now
        scanCount += 1
        let pids = Sys.listProcessIDs()
        let present = Set(pids)
        foreign.formIntersection(present)
        for (pid, member) in members where !present.contains(pid) {
            memberEnded(pid, member, status: nil)
        }
        // The cheap phase: stat lines, group and ancestry. New processes in
        // the group or with a member parent are admitted as they are read
        // (pids mostly come after their parent's), and the scan stops the
        // moment the limit is passed: under a fork bomb every millisecond
        // spent reading is more processes to kill.
        var pending: [pid_t: ProcStat] = [:]
        var live = liveCount
        for pid in pids where !foreign.contains(pid) {
            guard let stat = ProcStat.read(pid) else { continue }
            if var member = members[pid] {
                if member.stat.startTime == stat.startTime {
                    if member.stat.hasEnded != stat.hasEnded { live += stat.hasEnded ? -1 : 1 }
                    member.stat = stat
                    members[pid] = member
                    continue
                }
                // The pid was reused between two scans: a new process.
                if !member.stat.hasEnded { live -= 1 }
                memberEnded(pid, member, status: nil)
            }
            if pid == mainPID || stat.pgid == mainPID || members[stat.ppid] != nil {
                add(stat, now: now)
                if !stat.hasEnded { live += 1 }
                if live > limit { return false }
            } else {
                pending[pid] = stat
            }
        }
        admitByLineage(&pending, now: now)
        if liveCount > limit { return false }

        // The costly phase: birth files and markers of the roots of what is
        // left (a process whose parent is also left follows its parent),
        // then command lines.
        let budgetEnd = Sys.monotonicSeconds() + Self.costlyBudget
        var checked: Set<pid_t> = []
        var unchecked = false
        while true {
            var added = false
            for (pid, stat) in pending where !checked.contains(pid) && pending[stat.ppid] == nil {
                if Sys.monotonicSeconds() > budgetEnd {
                    unchecked = true
                    break
                }
                checked.insert(pid)
                if carriesMarker(stat) {
                    add(stat, now: now)
                    pending[pid] = nil
                    added = true
                }
            }
            guard added, !unchecked else { break }
            admitByLineage(&pending, now: now)
        }
        if unchecked {
            // Only what was checked is known to be foreign; the rest (and
            // its descendants) is looked at again next time.
            for pid in checked where pending[pid] != nil { foreign.insert(pid) }
        } else {
            foreign.formUnion(pending.keys)
        }
        describeMembers(readingArguments: describing, until: budgetEnd)
        reapAdopted()
        return true
    }

    /// Admits pending processes in the run's group or whose parent is a
    /// member, until nothing changes (a child may be listed before its
    /// parent).
    private func admitByLineage(_ pending: inout [pid_t: ProcStat], now: Double) {
        var progress = true
        while progress {
            progress = false
            for (pid, stat) in pending where pid == mainPID || stat.pgid == mainPID || members[stat.ppid] != nil {
                add(stat, now: now)
                pending[pid] = nil
                progress = true
            }
        }
    }

    /// Whether a process with no known lineage is the run's: by its birth
    /// file (a cheap `stat`, and the only way for a zombie), else, while it
    /// lives, by the environment marker (non-Python programs the run
    /// started).
    private func carriesMarker(_ stat: ProcStat) -> Bool {
        guard stat.pid != selfPID, stat.pid > 2, stat.ppid != 2 else { return false }
        if let birthDirectory, let born = Sys.changeTime(birthDirectory + "/" + String(stat.pid)) {
            // The file is made after the process starts; a file older than
            // the process belonged to an earlier process with that pid.
            let started = bootTime + Double(stat.startTime) / Sys.clockTicksPerSecond
            if born >= started - 0.1 { return true }
        }
        return !stat.hasEnded && ProcStat.environment(of: stat.pid, contains: marker)
    }

    /// Makes `stat`'s process a member and records it (described later).
    private func add(_ stat: ProcStat, now: Double) {
        var member = Member(stat: stat)
        if records.count < recordLimit {
            member.record = records.count
            records.append(
                ProcessRecord(
                    pid: stat.pid, parentPID: stat.ppid, description: member.description,
                    firstSeen: max(0, now - start), ending: .exited, isMain: stat.pid == mainPID))
        } else {
            unrecorded += 1
        }
        members[stat.pid] = member
    }

    /// Describes members not described yet, and members that exec'd
    /// since. A forked child (same image as its parent) needs no read; a
    /// process that exec'd has its command line read once per image.
    /// - Parameters:
    ///   - readingArguments: false describes without reading command lines
    ///     (by command name), for the clean-up.
    ///   - until: the time budget's end; the rest waits for the next scan.
    private func describeMembers(readingArguments: Bool, until budgetEnd: Double) {
        // Parents first, so that a child is compared with its described
        // parent.
        for pid in members.keys.sorted() {
            guard var member = members[pid] else { continue }
            let image = member.stat.image
            guard member.describedImage == nil || (image.isKnown && member.describedImage != image) else { continue }
            let parent = members[member.stat.ppid]
            if pid != mainPID, let parent, image.isKnown, parent.stat.image == image {
                member.description = "forked child"
            } else if readingArguments, image.isKnown, Sys.monotonicSeconds() <= budgetEnd {
                let arguments = ProcStat.arguments(pid)
                guard !arguments.isEmpty else { continue }
                member.arguments = arguments
                member.description = ProcessDescription.describe(
                    arguments: arguments, parentArguments: parent?.arguments, workDirectory: workDirectory)
            } else if member.describedImage == nil, !readingArguments || !image.isKnown {
                member.description = describeByName(member)
            } else {
                continue
            }
            member.describedImage = image
            if let index = member.record { records[index].description = member.description }
            members[pid] = member
        }
    }

    /// A description from the command name alone (a zombie, or during the
    /// clean-up): `forked child` when it matches its parent's.
    private func describeByName(_ member: Member) -> String {
        let name = ProcStat.commandName(member.stat.pid)
        if let parent = members[member.stat.ppid], !name.isEmpty, name == ProcStat.commandName(parent.stat.pid) {
            return "forked child"
        }
        return name.isEmpty ? "process" : name
    }

    /// Notes that a member is gone (or reaped) and drops it.
    private func memberEnded(_ pid: pid_t, _ member: Member, status: Int32?) {
        ended.append(Ended(cpuTicks: member.stat.cpuTicks, endedByRunner: member.endedByRunner, status: status))
        if let index = member.record {
            if member.describedImage == nil { records[index].description = describeByName(member) }
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
            scan(now: now, describing: false)
            let adoptedZombies = members.contains { $0.key != mainPID && $0.value.stat.hasEnded && $0.value.stat.ppid == selfPID }
                if liveCount == 0 && !adoptedZombies { return }
            if now >= deadline { return }
            signalOutsideGroup(SIGKILL, ending: true)
            round += 1
            Sys.sleep(round < 5 ? 0.001 : 0.005)
        }
    }

    // MARK: The end

    /// The records, main process first and then in the order they were
    /// first seen, with the main process's ending filled in, any member
    /// still listed (a process that would not die) marked as ended by the
    /// runner, and a record added for each Python process of the run that
    /// no scan saw but that left a birth file (see `recordsFromBirthFiles`).
    /// - Parameters:
    ///   - mainTermination: how the main process ended.
    ///   - realStart: the run's start on the real-time clock.
    func finalRecords(mainTermination: Termination, realStart: Double) -> [ProcessRecord] {
        var result = records
        for (pid, member) in members where pid != mainPID {
            guard let index = member.record else { continue }
            if member.describedImage == nil { result[index].description = describeByName(member) }
            result[index].ending = member.endedByRunner ? .endedByRunner : .exited
        }
        if let index = members[mainPID]?.record ?? result.firstIndex(where: \.isMain) {
            result[index].ending = .termination(mainTermination)
        }
        result += recordsFromBirthFiles(realStart: realStart, room: recordLimit - result.count)
        return result.enumerated().sorted {
            ($0.element.isMain ? 0 : 1, $0.element.firstSeen, $0.offset)
                < ($1.element.isMain ? 0 : 1, $1.element.firstSeen, $1.offset)
        }.map(\.element)
    }

    /// Records for the Python processes that no scan saw (a forked child
    /// that lived a millisecond), from the first line of their birth file,
    /// `<pid> <ppid> fork|start`; first seen is when the file was made.
    private func recordsFromBirthFiles(realStart: Double, room: Int) -> [ProcessRecord] {
        guard let birthDirectory, room > 0 else { return [] }
        let seen = Set(records.map(\.pid))
        var found: [ProcessRecord] = []
        for name in Sys.listDirectory(birthDirectory) {
            guard found.count < room, let pid = pid_t(name), !seen.contains(pid) else { continue }
            let path = birthDirectory + "/" + name
            guard let bytes = Sys.readFile(path, limit: 128) else { continue }
            let words = bytes.prefix { $0 != UInt8(ascii: "\n") }.split(separator: UInt8(ascii: " "))
            guard words.count == 3, pid_t(String(decoding: words[0], as: UTF8.self)) == pid,
                let ppid = pid_t(String(decoding: words[1], as: UTF8.self))
            else { continue }
            let forked = words[2].elementsEqual("fork".utf8)
            let born = Sys.changeTime(path) ?? realStart
            found.append(
                ProcessRecord(
                    pid: pid, parentPID: ppid, description: forked ? "forked child" : "python process",
                    firstSeen: max(0, born - realStart), ending: .exited))
        }
        return found
    }

    /// The CPU time the main process has used so far, in clock ticks.
    var mainCPUTicks: UInt64? { members[mainPID]?.stat.cpuTicks }

    /// Whether the main process was sent SIGTERM or SIGKILL by the runner.
    var mainEndedByRunner: Bool { members[mainPID]?.endedByRunner ?? false }
}
