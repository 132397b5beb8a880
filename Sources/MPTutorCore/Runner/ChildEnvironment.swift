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
    /// follow `options.buffering`, `MPTUTOR_RUN` marks every process of
    /// the run (the runner finds escaped orphans by it), `MPTUTOR_STACKS`
    /// says where stack dumps go (only with `options.captureStacks`), and
    /// the boot directory always comes first on `PYTHONPATH` (ahead of any
    /// inherited or given value).
    /// - Parameters:
    ///   - inherited: the parent's environment.
    ///   - options: the run's options.
    ///   - bootDirectory: the directory holding the runner's sitecustomize.
    ///   - marker: the run's unique marker value (its directory).
    ///   - stacksDirectory: where each process dumps its stack on SIGUSR2.
    /// - Returns: the variables as a dictionary.
    static func make(
        inherited: [String: String], options: RunOptions, bootDirectory: String,
        marker: String? = nil, stacksDirectory: String? = nil
    ) -> [String: String] {
        var environment = inherited
        environment["PYTHONUNBUFFERED"] = nil
        environment["PYTHONIOENCODING"] = "utf-8"
        environment.merge(options.environment) { _, given in given }

        environment[SiteCustomize.bufferingVariable] = options.buffering.rawValue
        environment["PYTHONUNBUFFERED"] = options.buffering == .unbuffered ? "1" : nil
        environment[ProcessTracker.markerVariable] = marker
        environment[SiteCustomize.stacksVariable] = options.captureStacks ? stacksDirectory : nil
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
