import Glibc

/// Why a program could not be run at all (as opposed to a program that ran
/// and failed, which is a `RunResult`).
///
/// Each case says what went wrong in words a learner can act on, and
/// `hint` says what to do about it; the command line prints both.
public enum RunnerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No interpreter was found under this name or path.
    case pythonNotFound(name: String, origin: PythonInterpreter.Origin)
    /// The path exists but is a directory or lacks execute permission.
    case pythonNotExecutable(path: String, origin: PythonInterpreter.Origin)
    /// The interpreter runs but is older than the tutorial supports.
    case pythonTooOld(path: String, version: PythonInterpreter.Version, minimum: PythonInterpreter.Version)
    /// The interpreter could not report its path and version (it crashed,
    /// hung, or is not Python); `detail` is what it printed or how it ended.
    case pythonUnusable(path: String, detail: String)
    /// The program's file name is not a plain file name.
    case invalidFileName(String)
    /// The run's private temporary directory or a file in it could not be
    /// created; `errno` is the system's reason.
    case temporaryDirectory(path: String, errno: Int32)
    /// `posix_spawn` refused to start the interpreter.
    case spawnFailed(path: String, errno: Int32)
    /// Another system call failed (out of file descriptors, usually).
    case systemCall(name: String, errno: Int32)

    /// One sentence saying what went wrong.
    public var description: String {
        switch self {
        case .pythonNotFound(let name, let origin):
            switch origin {
            case .path: return "\(name) was not found on PATH"
            default: return "Python interpreter '\(name)' (from \(origin.rawValue)) was not found"
            }
        case .pythonNotExecutable(let path, let origin):
            return "Python interpreter '\(path)' (from \(origin.rawValue)) is not an executable file"
        case .pythonTooOld(let path, let version, let minimum):
            return "\(path) is Python \(version); mptutor needs Python \(minimum) or newer"
        case .pythonUnusable(let path, let detail):
            return "\(path) could not be run as Python: \(detail)"
        case .invalidFileName(let name):
            return "'\(name)' is not a valid program file name"
        case .temporaryDirectory(let path, let errno):
            return "could not create the run directory \(path): \(errnoText(errno))"
        case .spawnFailed(let path, let errno):
            return "could not start \(path): \(errnoText(errno))"
        case .systemCall(let name, let errno):
            return "\(name) failed: \(errnoText(errno))"
        }
    }

    /// What the user can do about it, when there is something to do.
    public var hint: String? {
        switch self {
        case .pythonNotFound(_, .path):
            return "Install Python 3 (for example `apt-get install python3`), "
                + "or name an interpreter with --python or MPTUTOR_PYTHON."
        case .pythonNotFound(_, let origin), .pythonNotExecutable(_, let origin):
            return "Check the interpreter given in \(origin.rawValue), or leave it out to use python3 from PATH."
        case .pythonTooOld:
            return "Install a newer Python 3 and point --python or MPTUTOR_PYTHON at it."
        case .pythonUnusable:
            return "Try running the interpreter by hand; point --python at a working python3."
        case .invalidFileName:
            return "Use a plain name such as `main.py`, without slashes."
        case .temporaryDirectory(_, let errno):
            if errno == ENOSPC { return "The disk is full; free some space or set TMPDIR elsewhere." }
            return "Check that TMPDIR (or /tmp) exists and is writable, or set TMPDIR to a directory that is."
        case .spawnFailed(_, let errno):
            if errno == EAGAIN { return "Too many processes are running; end some and try again." }
            return "Check that the interpreter still exists and is executable."
        case .systemCall(_, let errno):
            if errno == EMFILE || errno == ENFILE {
                return "Too many files are open; close other programs or raise `ulimit -n`."
            }
            return nil
        }
    }
}
