import FoundationEssentials
import Glibc

/// A Python program to run: the text is written to a file in a fresh
/// temporary directory, because the spawn and forkserver start methods
/// re-import `__main__` from a file (`python3 -c` breaks them).
public struct Program: Sendable, Hashable {
    /// The Python source.
    public var source: String
    /// The file name the source is written to; what tracebacks show.
    public var fileName: String

    /// - Parameters:
    ///   - source: the program text.
    ///   - fileName: the name it is saved under inside the run's directory.
    public init(source: String, fileName: String = "main.py") {
        self.source = source
        self.fileName = fileName
    }
}

/// How every Python process of a run buffers its standard output.
///
/// `line` is what a learner's terminal gives and the default: each short
/// `print` reaches the pipe in one `write`, so lines from several processes
/// never tear into each other. The other two exist for lessons that are
/// about buffering (a buffer copied by `fork` and printed twice).
public enum OutputBuffering: String, Sendable, CaseIterable {
    case line
    case unbuffered
    case block
}

/// What a run may do and how long it may take.
///
/// The containment limits (`processLimit`, `memoryLimit`, `cpuTimeLimit`)
/// keep a runaway program (a fork bomb, a memory hog, an endless loop)
/// from taking the machine down; a run that hits one ends with
/// `RunResult.limitHit` set. Every process of a run is ended when it
/// ends, whatever the limits.
public struct RunOptions: Sendable {
    /// Wall-clock limit; when it passes the whole process group is ended.
    public var timeout: Double
    /// Buffering of standard output in every Python process of the run.
    public var buffering: OutputBuffering
    /// Bytes of output kept; the rest is drained and counted, not stored.
    public var captureLimit: Int
    /// Text given on standard input; `nil` means end-of-file at once.
    public var stdin: String?
    /// Arguments after the program file (`sys.argv[1:]`).
    public var arguments: [String]
    /// Extra environment variables for the child.
    public var environment: [String: String]
    /// Seconds between TERM and KILL when a run is ended.
    public var killGrace: Double
    /// The most processes of the run that may be alive at once (the main
    /// one included, zombies not). The runner counts them by scanning
    /// `/proc` every 50 ms (10 ms near the limit); past the limit it ends
    /// every process of the run. RLIMIT_NPROC cannot do this (it counts
    /// all of a user's threads, and root is exempt); for non-root users it
    /// is only set as a loose kernel backstop (see `ResourceLimits`).
    public var processLimit: Int
    /// Address space each process may reserve, in bytes (RLIMIT_AS, set
    /// on the main process and inherited by every child); `nil` for no
    /// cap. Past it an allocation fails and Python raises `MemoryError`.
    public var memoryLimit: Int?
    /// CPU seconds each process may use (RLIMIT_CPU; SIGXCPU at the limit,
    /// SIGKILL a second later); `nil` for no cap.
    public var cpuTimeLimit: Int?
    /// Whether to ask every Python process where it is (a `faulthandler`
    /// dump on SIGUSR2) before a timed-out or interrupted run is ended;
    /// the answers are `RunResult.stacks`.
    public var captureStacks: Bool
    /// Options for the interpreter itself, before the program's file
    /// (`-E -s -S` for the start-up probe, which needs no site set-up).
    public var interpreterOptions: [String] = []
    /// Whether to note which process printed each line (`OutputLine.pid`).
    /// The program's output, what is streamed and what patterns see stay
    /// exactly the same: every Python process marks each write to fd 1
    /// and 2 with its pid, and the runner takes the marks out again.
    public var tagProcesses: Bool


    /// The default process limit.
    public static let defaultProcessLimit = 64
    /// The default address-space cap per process: 2 GiB (multiprocessing
    /// reserves far more address space than it uses: thread stacks, malloc
    /// arenas).
    public static let defaultMemoryLimit = 2 << 30
    /// The default CPU-time cap per process, in seconds.
    public static let defaultCPUTimeLimit = 20

    /// The defaults: 10 s, line-buffered, 1 MiB of capture, no input,
    /// 64 processes, 2 GiB of address space and 20 s of CPU per process,
    /// stacks captured.
    public init(
        timeout: Double = 10,
        buffering: OutputBuffering = .line,
        captureLimit: Int = 1 << 20,
        stdin: String? = nil,
        arguments: [String] = [],
        environment: [String: String] = [:],
        killGrace: Double = 0.3,
        processLimit: Int = RunOptions.defaultProcessLimit,
        memoryLimit: Int? = RunOptions.defaultMemoryLimit,
        cpuTimeLimit: Int? = RunOptions.defaultCPUTimeLimit,
        captureStacks: Bool = true,
        tagProcesses: Bool = false
    ) {
        self.timeout = timeout
        self.buffering = buffering
        self.captureLimit = captureLimit
        self.stdin = stdin
        self.arguments = arguments
        self.environment = environment
        self.killGrace = killGrace
        self.processLimit = processLimit
        self.memoryLimit = memoryLimit
        self.cpuTimeLimit = cpuTimeLimit
        self.captureStacks = captureStacks
        self.tagProcesses = tagProcesses
    }
}

/// Which of the two output pipes a piece of output came through.
public enum OutputStream: String, Sendable, Hashable {
    case stdout
    case stderr
}

/// One line of captured output, tagged with its stream.
///
/// Lines are kept in the order they arrived across both streams, which is
/// the order a learner's terminal would have shown them.
public struct OutputLine: Sendable, Hashable {
    /// The stream the line came through.
    public var stream: OutputStream
    /// The text without its line terminator (invalid UTF-8 is replaced).
    public var text: String
    /// Seconds since the run started when the line was complete.
    public var time: Double
    /// The process that wrote the line's first byte, when the run tagged
    /// its processes (`RunOptions.tagProcesses`); `nil` otherwise. Bytes
    /// written around `sys.stdout`/`sys.stderr` (`os.write(1, ...)`, C
    /// extensions, non-Python children) carry no tag: they count as the
    /// stream's most recent tagged writer's, or `nil` before any.
    public var pid: Int32?

    /// - Parameters: see the properties.
    public init(stream: OutputStream, text: String, time: Double, pid: Int32? = nil) {
        self.stream = stream
        self.text = text
        self.time = time
        self.pid = pid
    }
}

/// How the program's main process ended.
public enum Termination: Sendable, Hashable, CustomStringConvertible {
    /// It exited with this status.
    case exited(Int32)
    /// It was ended by this signal.
    case signaled(Int32)

    /// `exit 0`, `signal 9 (SIGKILL)`, or `signal 10` for an unnamed one.
    public var description: String {
        switch self {
        case .exited(let code): return "exit \(code)"
        case .signaled(let signal):
            let name = signalName(signal)
            return name.hasPrefix("SIG") ? "signal \(signal) (\(name))" : "signal \(signal)"
        }
    }
}

/// The name of a signal number, for messages.
public func signalName(_ signal: Int32) -> String {
    switch signal {
    case SIGHUP: return "SIGHUP"
    case SIGINT: return "SIGINT"
    case SIGQUIT: return "SIGQUIT"
    case SIGABRT: return "SIGABRT"
    case SIGKILL: return "SIGKILL"
    case SIGSEGV: return "SIGSEGV"
    case SIGPIPE: return "SIGPIPE"
    case SIGTERM: return "SIGTERM"
    case SIGXCPU: return "SIGXCPU"
    default: return "signal \(signal)"
    }
}

/// Everything a finished run leaves: how it ended, how long it took, what
/// it printed, which processes it had, and (for a hung run) where they
/// were.
public struct RunResult: Sendable {
    /// How the main process ended.
    public var termination: Termination
    /// Wall-clock seconds from spawn to the end of the last process.
    public var duration: Double
    /// Captured complete lines (a final unterminated line is included),
    /// in arrival order, tagged with their stream.
    public var lines: [OutputLine]
    /// True when the run was ended because it passed its timeout.
    public var timedOut: Bool
    /// True when the run was ended by `RunControl.interrupt()`.
    public var interrupted: Bool
    /// Bytes of output that were drained but not stored past the cap.
    public var droppedBytes: Int
    /// The containment limit the run ran into, if any; its `message` is
    /// for the learner.
    public var limitHit: RunLimit?
    /// Where each Python process was when a timed-out or interrupted run
    /// was ended, main process first; empty for other runs.
    public var stacks: [ProcessStack]
    /// Every process of the run the runner's scans saw, main process first
    /// (see `ProcessTree.render`).
    public var processes: [ProcessRecord]

    /// True when the capture was cut at its cap.
    public var truncated: Bool { droppedBytes > 0 }

    /// The lines of one stream, in order.
    public func lines(of stream: OutputStream) -> [String] {
        lines.filter { $0.stream == stream }.map(\.text)
    }

    /// One line per captured stack, naming the process:
    /// `main process 4120: waiting in get() (multiprocessing/queues.py) at line 14: q.get()`,
    /// `forked child 4121: waiting in recv() (multiprocessing/connection.py) at line 9: conn.recv()`.
    /// - Parameter program: the program that ran (its file name and source).
    public func stackSummaries(for program: Program) -> [String] {
        stacks.map { stack in
            let record = processes.first { $0.pid == stack.pid }
            let name = record.map { $0.isMain ? "main process" : $0.description } ?? "process"
            return "\(name) \(stack.pid): " + stack.summary(programFile: program.fileName, source: program.source)
        }
    }

    /// Memberwise initialiser.
    public init(
        termination: Termination, duration: Double, lines: [OutputLine],
        timedOut: Bool, interrupted: Bool, droppedBytes: Int,
        limitHit: RunLimit? = nil, stacks: [ProcessStack] = [], processes: [ProcessRecord] = []
    ) {
        self.termination = termination
        self.duration = duration
        self.lines = lines
        self.timedOut = timedOut
        self.interrupted = interrupted
        self.droppedBytes = droppedBytes
        self.limitHit = limitHit
        self.stacks = stacks
        self.processes = processes
    }
}

/// A piece of output as it arrives, for whoever watches a run live.
public enum RunEvent: Sendable {
    /// Raw text from one stream (may be part of a line).
    case output(OutputStream, String)
}
