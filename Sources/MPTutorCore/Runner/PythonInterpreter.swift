import FoundationEssentials

/// The Python interpreter every run spawns, resolved once.
///
/// `python3` on PATH is often a pyenv or asdf shim (a shell script that
/// starts the real interpreter): spawning it per run adds a process layer
/// and time. Resolving asks the interpreter for `sys.executable` once and
/// keeps that path, together with the version, which is checked up front
/// so a too-old Python fails with a clear message instead of odd tracebacks.
///
/// A single run does not pay for that extra start: `find` only locates the
/// file, and the run checks the version itself, from inside the program's
/// own interpreter, before the program starts (see `SiteCustomize`).
public struct PythonInterpreter: Sendable, Hashable {
    /// The interpreter's absolute path: the real one (`sys.executable`)
    /// once resolved, or the file found (possibly a shim) by `find`.
    public let path: String
    /// The interpreter's version, or `nil` when it was only found, not yet
    /// started: each run then checks it on its way (and fails with
    /// `RunnerError.pythonTooOld` or `.pythonUnusable`).
    public let version: Version?

    /// The oldest Python the lessons are written for.
    public static let minimumVersion = Version(major: 3, minor: 8, micro: 0)

    /// The environment variable that names an interpreter.
    public static let environmentVariable = "MPTUTOR_PYTHON"

    /// Wraps an interpreter that is already known (tests, a cached choice).
    /// Nothing is checked; use `resolve` for user input.
    /// - Parameters:
    ///   - path: an absolute path (runs start in their own directory, so a
    ///     relative one would not be found).
    ///   - version: the interpreter's version, or `nil` to have every run
    ///     check it.
    public init(path: String, version: Version?) {
        self.path = path
        self.version = version
    }

    /// A Python version, comparable so it can be checked against a minimum.
    public struct Version: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// 3 in 3.11.7.
        public var major: Int
        /// 11 in 3.11.7.
        public var minor: Int
        /// 7 in 3.11.7.
        public var micro: Int

        /// Memberwise initialiser.
        public init(major: Int, minor: Int, micro: Int = 0) {
            self.major = major
            self.minor = minor
            self.micro = micro
        }

        /// Parses `3.11.7` (or `3.11`); `nil` for anything else.
        public init?(_ text: String) {
            let parts = text.split(separator: ".").map { Int($0) }
            guard (2...3).contains(parts.count), !parts.contains(nil) else { return nil }
            self.init(major: parts[0]!, minor: parts[1]!, micro: parts.count == 3 ? parts[2]! : 0)
        }

        /// Orders by major, then minor, then micro.
        public static func < (lhs: Version, rhs: Version) -> Bool {
            (lhs.major, lhs.minor, lhs.micro) < (rhs.major, rhs.minor, rhs.micro)
        }

        /// `3.11.7`.
        public var description: String { "\(major).\(minor).\(micro)" }

        /// `3.8` for 3.8.0: the form a minimum is written in.
        public var shortDescription: String { micro == 0 ? "\(major).\(minor)" : description }
    }

    /// Where the interpreter's name came from, so an error can point at the
    /// setting to fix.
    public enum Origin: String, Sendable, Hashable {
        /// The `--python` command-line option.
        case option = "--python"
        /// The `MPTUTOR_PYTHON` environment variable.
        case environment = "MPTUTOR_PYTHON"
        /// The default, `python3` searched on `PATH`.
        case path = "PATH"
    }

    /// Finds and checks the interpreter to use.
    ///
    /// The order is `explicit` (the `--python` option), then
    /// `MPTUTOR_PYTHON` from `environment`, then `python3` on `PATH`. A name
    /// without a slash is searched on `PATH`. The interpreter is then run
    /// once to learn `sys.executable` and its version.
    /// - Parameters:
    ///   - explicit: the `--python` value, or `nil`.
    ///   - environment: the environment to read `MPTUTOR_PYTHON` and `PATH`
    ///     from (normally the process's own).
    /// - Returns: the real interpreter and its version.
    /// - Throws: `RunnerError.pythonNotFound`, `.pythonNotExecutable`,
    ///   `.pythonUnusable` or `.pythonTooOld`.
    ///   - control: lets the caller abandon the probe (a shell that quits
    ///     before the answer came), so that it ends at once and cleans up.
    public static func resolve(
        explicit: String?, environment: [String: String], control: RunControl? = nil
    ) throws(RunnerError) -> PythonInterpreter {
        let candidate = try find(explicit: explicit, environment: environment)
        let interpreter = try probe(candidate.path, control: control)
        if let version = interpreter.version, version < minimumVersion {
            throw .pythonTooOld(path: interpreter.path, version: version, minimum: minimumVersion)
        }
        return interpreter
    }

    /// Finds the interpreter to use, in the same order as `resolve`, without
    /// starting it.
    ///
    /// For a single run: starting the interpreter once more only to ask its
    /// version would cost a whole Python start-up (and through a pyenv shim,
    /// a shell script's too). The returned interpreter has no version; the
    /// run checks it from inside, before the program starts.
    /// - Returns: the file found, made absolute, with `version` `nil`.
    /// - Throws: `RunnerError.pythonNotFound` or `.pythonNotExecutable`.
    public static func find(explicit: String?, environment: [String: String]) throws(RunnerError) -> PythonInterpreter {
        let name: String
        let origin: Origin
        if let explicit, !explicit.isEmpty {
            (name, origin) = (explicit, .option)
        } else if let named = environment[environmentVariable], !named.isEmpty {
            (name, origin) = (named, .environment)
        } else {
            (name, origin) = ("python3", .path)
        }
        return PythonInterpreter(path: try locate(name, origin: origin, searchPath: environment["PATH"]), version: nil)
    }

    /// Turns a name or path into the absolute path of an executable file
    /// (absolute because runs start in their own working directory).
    /// - Throws: `pythonNotFound` or `pythonNotExecutable`.
    static func locate(_ name: String, origin: Origin, searchPath: String?) throws(RunnerError) -> String {
        if name.contains("/") {
            switch Sys.fileKind(name) {
            case .missing: throw .pythonNotFound(name: name, origin: origin)
            case .directory, .file(executable: false): throw .pythonNotExecutable(path: name, origin: origin)
            case .file(executable: true): return absolute(name)
            }
        }
        let directories = (searchPath ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "." : String($0) }
        for directory in directories {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            if case .file(executable: true) = Sys.fileKind(path) { return absolute(path) }
        }
        throw .pythonNotFound(name: name, origin: origin)
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let here = FileManager.default.currentDirectoryPath
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return (here.hasSuffix("/") ? here : here + "/") + relative
    }

    /// Source that prints `sys.executable` and the version; valid in
    /// Python 2 too, so an old interpreter is reported as too old rather
    /// than as broken.
    static let probeSource = """
        import sys
        sys.stdout.write(sys.executable + "\\n")
        sys.stdout.write(".".join([str(n) for n in sys.version_info[:3]]) + "\\n")

        """

    /// Runs `path` once (through the runner, so with posix_spawn, its own
    /// process group and a timeout) and reads what it reports.
    /// - Throws: `pythonUnusable` when it does not answer as Python does.
    static func probe(_ path: String, control: RunControl? = nil) throws(RunnerError) -> PythonInterpreter {
        let runner = Runner(interpreter: PythonInterpreter(path: path, version: Version(major: 0, minor: 0)))
        let result = try runner.run(
            Program(source: probeSource, fileName: "mptutor_probe.py"),
            // -E -s -S: no environment tweaks, user site or site packages to
            // load; the answer is the same and comes several times faster.
            options: {
                var options = RunOptions(timeout: 30, captureLimit: 64 << 10)
                options.interpreterOptions = ["-E", "-s", "-S"]
                return options
            }(),
            control: control)
        let output = result.lines(of: .stdout)
        let failure: String
        if result.timedOut {
            failure = "it did not answer within 30 seconds"
        } else if result.termination != .exited(0) {
            let said = result.lines(of: .stderr).last(where: { !$0.isEmpty }) ?? ""
            failure = "\(result.termination)" + (said.isEmpty ? "" : ", \(said)")
        } else if output.count >= 2, let version = Version(output[1]) {
            let executable = output[0].isEmpty ? path : output[0]
            return PythonInterpreter(path: executable, version: version)
        } else {
            failure = "unexpected answer \(output.prefix(2))"
        }
        throw .pythonUnusable(path: path, detail: failure)
    }
}
