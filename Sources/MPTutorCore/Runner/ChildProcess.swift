import Glibc

/// A just-spawned main process of a run and the parent's ends of its pipes.
///
/// Standard output and standard error are two separate pipes so every line
/// keeps its stream; standard input is `/dev/null` (end of file at once,
/// so `input()` cannot hang) or a pipe the run feeds. All the parent's ends
/// are close-on-exec and non-blocking, so they never leak into a child that
/// another thread spawns at the same moment and one poll loop serves them.
struct ChildProcess {
    /// The main process; also the id of the run's process group.
    let pid: pid_t
    /// The read end of the child's standard output.
    let stdout: Int32
    /// The read end of the child's standard error.
    let stderr: Int32
    /// The write end of the child's standard input, when input is fed.
    let stdin: Int32?

    /// Attempts when the executable is momentarily busy (`ETXTBSY`).
    static let busyRetries = 8

    /// Spawns `executable` in a new process group.
    /// - Parameters:
    ///   - executable: the interpreter's path.
    ///   - arguments: `argv`, including `argv[0]`.
    ///   - environment: `KEY=value` strings.
    ///   - directory: the working directory.
    ///   - feedsInput: whether to give the child a stdin pipe (else
    ///     `/dev/null`).
    /// - Throws: `RunnerError.systemCall` when pipes cannot be made,
    ///   `.spawnFailed` when `posix_spawn` fails.
    static func spawn(
        executable: String, arguments: [String], environment: [String], directory: String,
        feedsInput: Bool
    ) throws(RunnerError) -> ChildProcess {
        let ends: PipeEnds
        do {
            ends = try PipeEnds.make(feedsInput: feedsInput)
        } catch {
            throw .systemCall(name: error.code == ENOENT ? "open /dev/null" : "pipe", errno: error.code)
        }
        var pid: pid_t = 0
        for attempt in 1...Self.busyRetries {
            do {
                pid = try Sys.spawn(
                    path: executable, arguments: arguments, environment: environment, directory: directory,
                    stdin: ends.childInput, stdout: ends.childOutput, stderr: ends.childErrors)
                break
            } catch {
                // ETXTBSY: the executable was just written, and a process
                // another thread spawned in that moment still holds the
                // writer's descriptor until its own exec. It passes.
                if error.code == ETXTBSY, attempt < Self.busyRetries {
                    Sys.sleep(0.005 * Double(attempt))
                    continue
                }
                ends.closeAll()
                throw .spawnFailed(path: executable, errno: error.code)
            }
        }
        // The child has its own copies; ours would keep the pipes from ever
        // reaching end of file.
        ends.closeChildSides()
        return ChildProcess(pid: pid, stdout: ends.output, stderr: ends.errors, stdin: ends.input)
    }
}

/// The descriptors made for one spawn: the child's sides (closed in the
/// parent once it runs) and the parent's.
private struct PipeEnds {
    var childInput: Int32 = -1
    var childOutput: Int32 = -1
    var childErrors: Int32 = -1
    var input: Int32?
    var output: Int32 = -1
    var errors: Int32 = -1

    /// Makes the pipes (and opens `/dev/null`), closing what was made if a
    /// step fails.
    static func make(feedsInput: Bool) throws(Errno) -> PipeEnds {
        var ends = PipeEnds()
        do {
            (ends.output, ends.childOutput) = try Sys.pipe()
            (ends.errors, ends.childErrors) = try Sys.pipe()
            if feedsInput {
                let pipe = try Sys.pipe()
                (ends.childInput, ends.input) = (pipe.read, pipe.write)
            } else {
                ends.childInput = try Sys.openReadOnly("/dev/null")
            }
            try Sys.setNonBlocking(ends.output)
            try Sys.setNonBlocking(ends.errors)
            if let input = ends.input { try Sys.setNonBlocking(input) }
        } catch {
            ends.closeAll()
            throw error
        }
        return ends
    }

    /// Closes the descriptors only the child needs.
    func closeChildSides() {
        for fd in [childInput, childOutput, childErrors] where fd >= 0 { Sys.close(fd) }
    }

    /// Closes everything (after a failure).
    func closeAll() {
        closeChildSides()
        for fd in [input ?? -1, output, errors] where fd >= 0 { Sys.close(fd) }
    }
}
