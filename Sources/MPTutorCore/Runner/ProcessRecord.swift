/// One process of a run, as the runner saw it.
///
/// The runner scans `/proc` right after the spawn, every 50 ms, and
/// whenever output arrives (at most every 5 ms); in addition every Python
/// process of the run leaves a birth file (see `SiteCustomize`), from which
/// the processes no scan saw are recorded at the end (as `forked child`, or
/// `python process` for an interpreter started some other way). A
/// non-Python program the run starts (`os.system`, `subprocess`) that
/// lives only a few milliseconds may still be missed, and so may processes
/// past the 512th: the records are a faithful account, not a guaranteed
/// census.
public struct ProcessRecord: Sendable, Hashable {
    /// The process id.
    public var pid: Int32
    /// Its parent when first seen. For an orphan first seen after its
    /// parent had exited this is the process that adopted it (mptutor, when
    /// it is a child subreaper, or init).
    public var parentPID: Int32
    /// What the process is: `python3 main.py`, `forked child`,
    /// `spawned child`, `forkserver`, `resource_tracker`, or the command
    /// line of another program.
    public var description: String
    /// Seconds after the run started when a scan first saw it.
    public var firstSeen: Double
    /// How it ended.
    public var ending: ProcessEnding
    /// True for the run's main process (the program itself).
    public var isMain: Bool

    /// Memberwise initialiser.
    public init(
        pid: Int32, parentPID: Int32, description: String, firstSeen: Double, ending: ProcessEnding,
        isMain: Bool = false
    ) {
        self.pid = pid
        self.parentPID = parentPID
        self.description = description
        self.firstSeen = firstSeen
        self.ending = ending
        self.isMain = isMain
    }
}

/// How one process of a run ended, as far as the runner knows.
public enum ProcessEnding: Sendable, Hashable, CustomStringConvertible {
    /// The runner reaped it and read its status (always so for the main
    /// process; for orphans adopted by mptutor when it is a subreaper).
    case termination(Termination)
    /// The runner ended it (SIGTERM or SIGKILL at a timeout, a limit, or
    /// the final clean-up).
    case endedByRunner
    /// It exited by itself and its own parent collected the status.
    case exited

    /// `exit 0`, `signal 9 (SIGKILL)`, `ended by mptutor`, or `exited`.
    public var description: String {
        switch self {
        case .termination(let termination): return termination.description
        case .endedByRunner: return "ended by mptutor"
        case .exited: return "exited"
        }
    }
}

/// Draws the processes of a run as an indented tree.
public enum ProcessTree {
    /// One line per process, children below their parent in the order
    /// they were first seen:
    ///
    ///     4120 python3 main.py — exit 0
    ///     ├─ 4121 forked child — exited
    ///     │  └─ 4125 forked child — ended by mptutor
    ///     └─ 4122 resource_tracker — ended by mptutor
    ///
    /// A process whose parent was never seen (an orphan first seen after
    /// its parent had exited) starts a tree of its own, marked `(orphan)`.
    /// - Parameter records: `RunResult.processes`.
    /// - Returns: the lines, without trailing newlines.
    public static func render(_ records: [ProcessRecord]) -> [String] {
        let ordered = records.enumerated().sorted {
            ($0.element.isMain ? 0 : 1, $0.element.firstSeen, $0.offset)
                < ($1.element.isMain ? 0 : 1, $1.element.firstSeen, $1.offset)
        }.map(\.element)
        let known = Set(ordered.map(\.pid))
        var children: [Int32: [ProcessRecord]] = [:]
        var roots: [ProcessRecord] = []
        for record in ordered {
            if !record.isMain, record.parentPID != record.pid, known.contains(record.parentPID) {
                children[record.parentPID, default: []].append(record)
            } else {
                roots.append(record)
            }
        }
        var lines: [String] = []
        var visited: Set<Int32> = []
        func draw(_ record: ProcessRecord, lead: String, branch: String, isRoot: Bool) {
            guard visited.insert(record.pid).inserted else { return }  // a pid seen twice
            let orphan = isRoot && !record.isMain ? " (orphan)" : ""
            lines.append("\(lead)\(branch)\(record.pid) \(record.description)\(orphan) — \(record.ending)")
            let kids = children[record.pid] ?? []
            let nextLead = isRoot ? lead : lead + (branch == "└─ " ? "   " : "│  ")
            for (index, kid) in kids.enumerated() {
                draw(kid, lead: nextLead, branch: index == kids.count - 1 ? "└─ " : "├─ ", isRoot: false)
            }
        }
        for root in roots { draw(root, lead: "", branch: "", isRoot: true) }
        return lines
    }
}
