import FoundationEssentials

/// Runs Python programs as real child processes and captures what they print.
///
/// Each run gets a fresh temporary directory holding the program (the
/// child's working directory) and the runner's `sitecustomize` hook, an
/// explicit buffering mode for every Python process it starts, separate
/// stdout and stderr pipes, its own process group (so a timeout, Ctrl-C or
/// the final clean-up reaches grandchildren too), and a timeout.
///
/// `run` blocks the calling thread until every process of the run is gone;
/// callers that must stay responsive put it on a thread of their own. A
/// `Runner` holds no mutable state, so many threads may run programs
/// through it at once.
public struct Runner: Sendable {
    /// The interpreter every run spawns.
    public let interpreter: PythonInterpreter

    /// Whether to learn of the main process's exit through a pidfd; false
    /// forces the polling fallback used on kernels without one (tests).
    var usesPidfd = true

    /// The oldest Python a run whose interpreter was only found accepts
    /// (tests raise it to see the check stop a real interpreter).
    var minimumVersion = PythonInterpreter.minimumVersion

    /// Creates a runner for `interpreter`.
    ///
    /// Also sets `SIGPIPE` to ignored for the whole process (once): writing
    /// a program's input after it exited must fail with `EPIPE`, not kill
    /// the tutorial.
    public init(interpreter: PythonInterpreter) {
        self.interpreter = interpreter
        _ = Runner.brokenPipesIgnored
    }

    /// Ignores SIGPIPE the first time a runner is made (a lazy global is
    /// initialised exactly once, thread-safely).
    private static let brokenPipesIgnored: Bool = {
        Sys.ignoreBrokenPipes()
        return true
    }()

    /// Makes this process a child subreaper (once; later calls only
    /// return the first answer), so that a process a run started and that
    /// escaped its parent (a double fork and `setsid()`, a daemon) is
    /// reparented to this process instead of to init: the runner can then
    /// still end it and reap it. Call it at start-up, before any run.
    ///
    /// Runs work without it (escapees are still found and ended through
    /// the run's environment marker, and init reaps them), but with it no
    /// orphan of a run is ever left unreaped.
    /// - Returns: true when this process is a subreaper.
    @discardableResult
    public static func enableSubreaper() -> Bool {
        subreaperEnabled
    }

    /// `prctl(PR_SET_CHILD_SUBREAPER)`, done once.
    private static let subreaperEnabled: Bool = {
        (try? Sys.becomeChildSubreaper()) != nil
    }()

    /// Runs `program` to the end.
    ///
    /// The run ends when the main process has exited and both output pipes
    /// are closed. If the main process exits while a descendant still holds
    /// a pipe open, every process of the run is killed after a short grace.
    /// At `options.timeout` each Python process is first asked where it is
    /// (`RunResult.stacks`), then every process gets SIGTERM, and SIGKILL
    /// `options.killGrace` seconds later; output printed before then is
    /// kept. More than `options.processLimit` live processes end the run
    /// at once; `memoryLimit` and `cpuTimeLimit` are set on the main
    /// process right after the spawn and inherited by its children.
    /// Whatever happens, every process of the run (its group, its
    /// descendants, and orphans that escaped with `setsid()`) is killed
    /// and, when this process adopted it, reaped before `run` returns, and
    /// the temporary directory is removed.
    /// - Parameters:
    ///   - program: the source and its file name.
    ///   - options: timeout, buffering, capture cap, input, arguments,
    ///     extra environment.
    ///   - control: lets another thread interrupt the run.
    ///   - onEvent: called on this thread with each piece of output as it
    ///     arrives (for live display); the text is whole characters.
    /// - Returns: how the main process ended and the captured lines.
    /// - Throws: `RunnerError` when the run could not start (temporary
    ///   directory, pipes, spawn), or, for an interpreter that was only
    ///   found (no version yet), when the run showed it is too old or not
    ///   Python; a program that fails is not an error.
    public func run(
        _ program: Program,
        options: RunOptions = .init(),
        control: RunControl? = nil,
        onEvent: (@Sendable (RunEvent) -> Void)? = nil
    ) throws(RunnerError) -> RunResult {
        let inherited = ProcessInfo.processInfo.environment
        let workspace = try RunWorkspace.create(for: program, environment: inherited)
        defer { workspace.remove() }

        var environment = ChildEnvironment.make(
            inherited: inherited, options: options, bootDirectory: workspace.bootDirectory,
            runDirectory: workspace.root)
        if interpreter.version == nil {
            environment[SiteCustomize.checkVariable] = minimumVersion.shortDescription
        }
        let baseline = Sys.listProcessIDs()
        let start = Sys.monotonicSeconds()
        let child = try ChildProcess.spawn(
            executable: interpreter.path,
            arguments: [interpreter.path] + options.interpreterOptions + [workspace.programPath] + options.arguments,
            environment: ChildEnvironment.strings(environment),
            directory: workspace.workDirectory,
            feedsInput: options.stdin != nil)
        ResourceLimits.apply(to: child.pid, options: options)
        let supervisor = RunSupervisor(
            child: child, start: start, options: options, control: control, onEvent: onEvent,
            usePidfd: usesPidfd, workspace: workspace, baseline: baseline)
        let result = supervisor.run()
        if interpreter.version == nil {
            try checkInterpreter(after: result, in: workspace, options: options)
        }
        return result
    }

    /// For an interpreter only found, not resolved: what the run's own
    /// check (see `SiteCustomize`) found out about it.
    ///
    /// - Throws: `pythonTooOld` when the check stopped the program;
    ///   `pythonUnusable` when the run failed without the check ever
    ///   running (not Python, or a Python that cannot start), unless the
    ///   run's interpreter options skip the start-up hook (`-S`, `-I`,
    ///   `-E`) or the run was cut short.
    func checkInterpreter(
        after result: RunResult, in workspace: RunWorkspace, options: RunOptions
    ) throws(RunnerError) {
        let answer = Sys.readFile(workspace.root + "/" + SiteCustomize.checkFileName).map {
            String(decoding: $0, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        if let answer, answer.count >= 2, let version = PythonInterpreter.Version(answer[1]) {
            if version < minimumVersion {
                let path = answer[0].isEmpty ? interpreter.path : answer[0]
                throw .pythonTooOld(path: path, version: version, minimum: minimumVersion)
            }
            return
        }
        let hookSkipped = options.interpreterOptions.contains { option in
            option.hasPrefix("-") && !option.hasPrefix("--") && option.contains { "SIE".contains($0) }
        }
        guard answer == nil, !hookSkipped, !result.timedOut, !result.interrupted,
              result.limitHit == nil, result.termination != .exited(0) else { return }
        let said = result.lines(of: .stderr).last(where: { !$0.isEmpty }) ?? ""
        throw .pythonUnusable(path: interpreter.path, detail: "\(result.termination)" + (said.isEmpty ? "" : ", \(said)"))
    }
}
