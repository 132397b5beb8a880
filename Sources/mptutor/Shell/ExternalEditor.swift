import FoundationEssentials
import Glibc
import CSystemShims
import MPTutorCore

/// Opens a file in `$VISUAL`/`$EDITOR` (default `vi`) on the terminal and
/// waits for it.
///
/// The editor is started in mptutor's own process group (the terminal's
/// foreground group, so that it may read the keyboard), with every signal
/// back at its default and none blocked (`mpt_spawn_foreground`).
enum ExternalEditor {
    static func open(_ path: String, console: Console) {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        // The editor command may carry its own arguments ("code -w").
        let arguments = ["/bin/sh", "-c", "\(editor) \"$1\"", "mptutor-editor", path]
        let variables = environment.map { "\($0.key)=\($0.value)" }
        switch run(arguments, environment: variables) {
        case .success(0):
            break
        case .success(let status):
            console.line(StyledText("the editor (\(editor)) exited with status \(status)", .error))
        case .failure(let code):
            console.line(StyledText(
                "cannot start the editor '\(editor)': \(String(cString: strerror(code.code))). Set EDITOR, or use write.", .error))
        }
    }

    /// An `errno` value, as an error.
    struct SpawnError: Error {
        var code: Int32
    }

    /// Runs `arguments` and waits: the exit status (128 + the signal for a
    /// killed editor), or why it could not start.
    private static func run(_ arguments: [String], environment: [String]) -> Result<Int32, SpawnError> {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let started = mpt_spawn_foreground(argv[0]!, argv, envp, &pid)
        guard started == 0 else { return .failure(SpawnError(code: started)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .failure(SpawnError(code: errno)) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
        let signal = status & 0x7f
        return .success(signal == 0 ? (status >> 8) & 0xff : 128 + signal)
    }
}
