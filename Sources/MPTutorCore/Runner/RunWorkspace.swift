import FoundationEssentials

/// The private temporary directory of one run.
///
/// The program is written to a real file because the spawn and forkserver
/// start methods re-import `__main__` from its path. Layout:
/// `<root>/work/<fileName>` (the program; `work` is the child's working
/// directory, so files it writes land there too) and
/// the runner's start-up hook, normally in the shared `BootDirectory`
/// (else in `<root>/boot/`), and
/// `<root>/pids/` (a file per Python process of the run, named by its pid:
/// its birth certificate, and where it dumps its stack when a hung run is
/// asked where it is); `<root>/stop` appears when the run is ended by
/// force (see `SiteCustomize`). A fresh
/// directory per run lets runs go in parallel, and removing it afterwards
/// leaves nothing behind.
struct RunWorkspace {
    /// The directory made by `mkdtemp`; removing it removes everything.
    let root: String
    /// The child's working directory, holding the program.
    let workDirectory: String
    /// The directory put first on `PYTHONPATH`: the shared `BootDirectory`,
    /// or `<root>/boot` when that cannot be used.
    let bootDirectory: String
    /// The program file's absolute path.
    let programPath: String
    /// The per-process files (birth certificates and stack dumps).
    let processDirectory: String
    /// The file whose existence tells every process of the run to stop
    /// forking.
    var stopFile: String { root + "/stop" }

    /// Creates the directory and writes the program and the hook.
    /// - Parameters:
    ///   - program: the program to write.
    ///   - environment: where `TMPDIR` is read from.
    /// - Throws: `RunnerError.invalidFileName` or `.temporaryDirectory`.
    static func create(for program: Program, environment: [String: String]) throws(RunnerError) -> RunWorkspace {
        let name = program.fileName
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
            throw .invalidFileName(name)
        }
        var base = environment["TMPDIR"] ?? ""
        if base.isEmpty { base = "/tmp" }
        while base.count > 1, base.hasSuffix("/") { base.removeLast() }
        let template = base + "/mptutor-run-XXXXXX"

        let root: String
        do {
            root = try Sys.makeTemporaryDirectory(template: template)
        } catch {
            throw .temporaryDirectory(path: template, errno: error.code)
        }
        let shared = BootDirectory.shared(environment: environment)
        let workspace = RunWorkspace(
            root: root,
            workDirectory: root + "/work",
            bootDirectory: shared ?? root + "/boot",
            programPath: root + "/work/" + name,
            processDirectory: root + "/pids")
        var step = workspace.workDirectory
        do {
            try Sys.makeDirectory(workspace.workDirectory)
            step = workspace.processDirectory
            try Sys.makeDirectory(workspace.processDirectory)
            step = workspace.programPath
            try Sys.writeFile(workspace.programPath, contents: program.source)
            if shared == nil {
                step = workspace.bootDirectory
                try Sys.makeDirectory(workspace.bootDirectory)
                for (name, text) in BootDirectory.files {
                    step = workspace.bootDirectory + "/" + name
                    try Sys.writeFile(step, contents: text)
                }
            }
        } catch {
            workspace.remove()
            throw .temporaryDirectory(path: step, errno: error.code)
        }
        return workspace
    }

    /// Removes the whole directory, whatever the program left in it.
    /// Failures are ignored: there is nobody to report them to, and a
    /// stale directory in `/tmp` is harmless.
    func remove() {
        Sys.removeTree(root)
    }
}
