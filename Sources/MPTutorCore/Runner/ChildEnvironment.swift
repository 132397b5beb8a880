import Glibc

/// Builds the environment of a run's Python processes.
///
/// The child gets the parent's environment so that the learner's setup
/// (locale, virtual environment, pyenv) still applies, with the buffering
/// set explicitly instead of inherited: a developer's or IDE's
/// `PYTHONUNBUFFERED=1` would otherwise give torn lines here and different
/// output on the learner's machine.
enum ChildEnvironment {
    /// The child's variables.
    ///
    /// Precedence, lowest first: the inherited environment (without
    /// `PYTHONUNBUFFERED`), `PYTHONIOENCODING=utf-8`, `options.environment`,
    /// then the runner's own: `MPTUTOR_BUFFERING` and `PYTHONUNBUFFERED`
    /// follow `options.buffering`, `MPTUTOR_RUN` names the run's directory
    /// (it marks every process of the run, and tells the `sitecustomize`
    /// where the per-process files and the stop file are),
    /// `MPTUTOR_STACKS=<SIGUSR2's number>` turns stack dumps on (with
    /// `options.captureStacks`; else only a value given in
    /// `options.environment` is kept), `MPTUTOR_TAG=1` marks each write
    /// with its writer's pid (with `options.tagProcesses`; never otherwise,
    /// as the runner only strips the marks when it asked for them), and
    /// the boot directory always comes first on `PYTHONPATH` (ahead of any
    /// inherited or given value).
    /// - Parameters:
    ///   - inherited: the parent's environment.
    ///   - options: the run's options.
    ///   - bootDirectory: the directory holding the runner's sitecustomize.
    ///   - runDirectory: the run's directory, also its unique marker.
    /// - Returns: the variables as a dictionary.
    static func make(
        inherited: [String: String], options: RunOptions, bootDirectory: String,
        runDirectory: String? = nil
    ) -> [String: String] {
        var environment = inherited
        environment["PYTHONUNBUFFERED"] = nil
        environment["PYTHONIOENCODING"] = "utf-8"
        environment.merge(options.environment) { _, given in given }

        environment[SiteCustomize.bufferingVariable] = options.buffering.rawValue
        environment["PYTHONUNBUFFERED"] = options.buffering == .unbuffered ? "1" : nil
        environment[ProcessTracker.markerVariable] = runDirectory
        environment[SiteCustomize.tagVariable] = options.tagProcesses ? "1" : nil
        // Which pipes are the run's own is noted by its first process.
        environment["MPTUTOR_TAG_STDOUT"] = nil
        environment["MPTUTOR_TAG_STDERR"] = nil
        environment[SiteCustomize.stacksVariable] =
            options.captureStacks ? String(SIGUSR2) : options.environment[SiteCustomize.stacksVariable]
        if let path = environment["PYTHONPATH"], !path.isEmpty {
            environment["PYTHONPATH"] = bootDirectory + ":" + path
        } else {
            environment["PYTHONPATH"] = bootDirectory
        }
        return environment
    }

    /// The variables as `KEY=value` strings for `posix_spawn`, sorted so
    /// runs are reproducible. Names containing `=` or NUL cannot be passed
    /// and are left out.
    static func strings(_ environment: [String: String]) -> [String] {
        environment
            .filter { !$0.key.isEmpty && !$0.key.contains("=") && !$0.key.contains("\0") && !$0.value.contains("\0") }
            .map { $0.key + "=" + $0.value }
            .sorted()
    }
}
