import CSystemShims

import Glibc

/// An `errno` value left by a failed system call.
///
/// The runner's internals throw this and the public API turns it into a
/// `RunnerError` that says what was being done, so the raw code never
/// reaches a learner without context.
struct Errno: Error, Equatable, CustomStringConvertible {
    /// The raw `errno` code.
    var code: Int32

    /// The calling thread's current `errno`.
    static var current: Errno { Errno(code: mpt_errno()) }

    /// The C library's text for the code ("No such file or directory").
    var description: String { errnoText(code) }
}

/// The C library's message for an `errno` code.
func errnoText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

/// Every system call the runner makes, as small wrappers that retry on
/// `EINTR` and throw `Errno`, so the rest of the runner reads as Swift and
/// the C surface stays in one place (after swift-system's
/// `Internals/Syscalls.swift`).
enum Sys {
    // MARK: Descriptors

    /// A pipe whose two ends are close-on-exec and above descriptor 2.
    /// - Returns: the read and the write end.
    /// - Throws: `Errno` when the process or system is out of descriptors.
    static func pipe() throws(Errno) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard mpt_pipe(&fds) == 0 else { throw .current }
        return (fds[0], fds[1])
    }

    /// Opens `path` read-only and close-on-exec (for `/dev/null`).
    /// - Throws: `Errno` from `open(2)`.
    static func openReadOnly(_ path: String) throws(Errno) -> Int32 {
        while true {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { return fd }
            let error = Errno.current
            if error.code != EINTR { throw error }
        }
    }

    /// Makes reads and writes on `fd` return `EAGAIN` instead of blocking,
    /// so one poll loop can serve several pipes.
    static func setNonBlocking(_ fd: Int32) throws(Errno) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw .current
        }
    }

    /// Closes `fd`, ignoring errors (there is nothing useful to do with them
    /// for pipes, and retrying after `EINTR` is wrong on Linux).
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// Reads what is available into `buffer`.
    /// - Returns: the byte count; 0 means end of file.
    /// - Throws: `Errno` (`EAGAIN` when nothing is available).
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            let error = Errno.current
            if error.code != EINTR { throw error }
        }
    }

    /// Writes as much of `bytes` as the descriptor takes now.
    /// - Returns: the number of bytes written.
    /// - Throws: `Errno` (`EAGAIN` when the pipe is full, `EPIPE` when no
    ///   reader is left).
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Errno) -> Int {
        while true {
            let count = Glibc.write(fd, bytes.baseAddress, bytes.count)
            if count >= 0 { return count }
            let error = Errno.current
            if error.code != EINTR { throw error }
        }
    }

    /// Writes one byte to a wake-up pipe, ignoring errors (a full pipe
    /// already wakes its reader). Async-signal-safe.
    static func wake(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = Glibc.write(fd, &byte, 1)
    }

    /// Reads and discards everything a non-blocking pipe holds.
    static func discardAvailable(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ Glibc.read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Waits until one of `fds` is ready or `timeoutMilliseconds` pass
    /// (-1 waits for ever). An interrupted wait returns 0 ready descriptors.
    /// - Throws: `Errno` from `poll(2)` other than `EINTR`.
    static func poll(_ fds: inout [pollfd], timeoutMilliseconds: Int32) throws(Errno) -> Int {
        let count = fds.withUnsafeMutableBufferPointer { buffer in
            Glibc.poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMilliseconds)
        }
        if count >= 0 { return Int(count) }
        let error = Errno.current
        if error.code == EINTR { return 0 }
        throw error
    }

    // MARK: Processes

    /// Spawns `path` with `posix_spawn` (never `fork`: this process has
    /// threads) as the leader of a new process group.
    /// - Parameters:
    ///   - path: the executable.
    ///   - arguments: the whole `argv`, including `argv[0]`.
    ///   - environment: `KEY=value` strings.
    ///   - directory: the child's working directory.
    ///   - stdin, stdout, stderr: descriptors that become 0, 1 and 2.
    /// - Returns: the child's pid, which is also its process group id.
    /// - Throws: `Errno` from `posix_spawn` (e.g. `ENOENT`, `EACCES`).
    static func spawn(
        path: String, arguments: [String], environment: [String], directory: String,
        stdin: Int32, stdout: Int32, stderr: Int32
    ) throws(Errno) -> pid_t {
        let argv = CStringArray(arguments)
        let envp = CStringArray(environment)
        defer {
            argv.free()
            envp.free()
        }
        var pid: pid_t = 0
        let code = mpt_spawn(path, argv.pointers, envp.pointers, directory, stdin, stdout, stderr, &pid)
        guard code == 0 else { throw Errno(code: code) }
        return pid
    }

    /// Sends `signal` to every process in group `group`.
    /// - Returns: false when the group no longer exists (`ESRCH`) or the
    ///   signal could not be sent.
    @discardableResult
    static func signalGroup(_ group: pid_t, _ signal: Int32) -> Bool {
        guard group > 1 else { return false }  // never kill(0) or kill(-1)
        return kill(-group, signal) == 0
    }

    /// Sends `signal` to one process.
    /// - Returns: 0 on success, else the `errno` code (`ESRCH` when gone).
    static func signalProcess(_ pid: pid_t, _ signal: Int32) -> Int32 {
        kill(pid, signal) == 0 ? 0 : mpt_errno()
    }

    /// A descriptor that polls readable once `pid` has terminated.
    /// - Throws: `Errno` (`ENOSYS` on kernels older than 5.3).
    static func pidfdOpen(_ pid: pid_t) throws(Errno) -> Int32 {
        let fd = mpt_pidfd_open(pid)
        guard fd >= 0 else { throw .current }
        return fd
    }

    /// Whether child `pid` has terminated, leaving it unreaped.
    /// - Throws: `Errno` from `waitid(2)`.
    static func hasExited(_ pid: pid_t) throws(Errno) -> Bool {
        while true {
            let state = mpt_child_has_exited(pid)
            if state >= 0 { return state == 1 }
            let error = Errno.current
            if error.code != EINTR { throw error }
        }
    }

    /// Waits for (and reaps) a child: `pid` > 0 is that child, `pid` < -1
    /// any child in group `-pid`.
    /// - Returns: the reaped pid (0 with `WNOHANG` when none is ready) and
    ///   its raw wait status.
    /// - Throws: `Errno` (`ECHILD` when there is no such child).
    static func wait(_ pid: pid_t, options: Int32 = 0) throws(Errno) -> (pid: pid_t, status: Int32) {
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, options)
            if reaped >= 0 { return (reaped, status) }
            let error = Errno.current
            if error.code != EINTR { throw error }
        }
    }

    /// This process's id.
    static func processID() -> pid_t { getpid() }

    /// Makes this process a child subreaper: orphaned descendants are
    /// reparented to it instead of to init, so it can still end and reap
    /// them.
    /// - Throws: `Errno` from `prctl(2)`.
    static func becomeChildSubreaper() throws(Errno) {
        guard mpt_set_child_subreaper() == 0 else { throw .current }
    }

    /// Sends `signal` to `pid` only if `isSame()` still holds once the
    /// process is pinned by a pidfd, so a pid reused by an unrelated
    /// process in between is never hit. Without pidfds (kernels before
    /// 5.3) the check and the `kill` are merely close together.
    /// - Returns: true when the signal was sent.
    static func signalProcess(_ pid: pid_t, _ signal: Int32, ifStill isSame: () -> Bool) -> Bool {
        guard pid > 1 else { return false }
        let fd = mpt_pidfd_open(pid)
        if fd < 0 {
            guard mpt_errno() == ENOSYS, isSame() else { return false }
            return kill(pid, signal) == 0
        }
        defer { close(fd) }
        guard isSame() else { return false }
        return mpt_pidfd_send_signal(fd, signal) == 0
    }

    /// Sets a resource limit of another process (`prlimit(2)`).
    /// - Parameters:
    ///   - pid: the process.
    ///   - resource: `MPT_RLIMIT_AS`, `MPT_RLIMIT_CPU` or `MPT_RLIMIT_CORE`.
    ///   - soft: the limit that signals or fails first.
    ///   - hard: the ceiling (nil: unlimited).
    /// - Throws: `Errno` (`ESRCH` when the process is gone).
    static func setResourceLimit(_ pid: pid_t, _ resource: Int32, soft: UInt64, hard: UInt64?) throws(Errno) {
        guard mpt_set_rlimit(pid, resource, soft, hard ?? mpt_rlim_infinity()) == 0 else { throw .current }
    }

    /// The calling thread's nice value, or nil when it cannot be read.
    static func threadNice() -> Int32? {
        let nice = mpt_thread_nice()
        return nice == -100 ? nil : nice
    }

    /// Sets the calling thread's nice value.
    /// - Throws: `Errno` (`EACCES`/`EPERM` when raising the priority is not
    ///   allowed: no CAP_SYS_NICE and RLIMIT_NICE too low).
    static func setThreadNice(_ nice: Int32) throws(Errno) {
        guard mpt_set_thread_nice(nice) == 0 else { throw .current }
    }

    /// The number of threads on the whole system now (the fourth field of
    /// `/proc/loadavg`, `running/total`), or nil.
    static func systemThreadCount() -> Int? {
        guard let bytes = readFile("/proc/loadavg", limit: 256) else { return nil }
        let fields = bytes.split(separator: UInt8(ascii: " "))
        guard fields.count >= 4, let slash = fields[3].firstIndex(of: UInt8(ascii: "/")) else { return nil }
        return Int(String(decoding: fields[3][(slash + 1)...], as: UTF8.self))
    }

    /// Kernel clock ticks per second, the unit of CPU times in `/proc`.
    static let clockTicksPerSecond: Double = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }()

    // MARK: /proc

    /// The ids of every process (thread group) listed in `/proc` now.
    static func listProcessIDs() -> [pid_t] {
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var pids: [pid_t] = []
        pids.reserveCapacity(512)
        while let entry = readdir(directory) {
            let pid = withUnsafeBytes(of: entry.pointee.d_name) { name -> pid_t in
                var value: pid_t = 0
                for byte in name {
                    if byte == 0 { break }
                    guard byte >= 0x30, byte <= 0x39, value < 100_000_000 else { return 0 }
                    value = value * 10 + pid_t(byte - 0x30)
                }
                return value
            }
            if pid > 0 { pids.append(pid) }
        }
        return pids
    }

    /// Reads up to `limit` bytes of a small file (a `/proc` entry).
    /// - Returns: the bytes, or nil when the file cannot be opened or read
    ///   (the process is gone, or not ours to read).
    static func readFile(_ path: String, limit: Int = 4096) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(limit, 4096))
        while bytes.count < limit {
            let want = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, want) }
            if count < 0 {
                if mpt_errno() == EINTR { continue }
                return bytes.isEmpty ? nil : bytes
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }

    /// When a file's inode last changed (its creation or rename), in
    /// seconds of the real-time clock; nil when it does not exist.
    static func changeTime(_ path: String) -> Double? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1_000_000_000
    }

    /// The names in a directory (without `.` and `..`); empty when it
    /// cannot be read.
    static func listDirectory(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The size of a regular file, or nil when it does not exist.
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Ignores `SIGPIPE` for the whole process, so a write to a pipe whose
    /// reader died fails with `EPIPE` instead of killing us.
    static func ignoreBrokenPipes() {
        _ = signal(SIGPIPE, SIG_IGN)
    }

    // MARK: Files

    /// Creates a fresh private directory from a template ending in `XXXXXX`.
    /// - Returns: the directory's path.
    /// - Throws: `Errno` from `mkdtemp(3)`.
    static func makeTemporaryDirectory(template: String) throws(Errno) -> String {
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!)
        }
        guard made != nil else { throw .current }
        return String(decoding: bytes.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates `path` and any missing parents (`mkdir -p`), with `mode`
    /// for the ones made here.
    /// - Throws: `Errno` from the first `mkdir(2)` that failed for another
    ///   reason than the directory being there already.
    static func makeDirectories(_ path: String, mode: mode_t = 0o755) throws(Errno) {
        var partial = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            partial += "/" + part
            if mkdir(partial, mode) != 0 {
                let error = Errno.current
                guard error.code == EEXIST, case .directory = fileKind(partial) else { throw error }
            }
        }
    }

    /// Removes `path` and everything below it, as far as it can (failures
    /// are ignored). Symbolic links are removed, never followed; a
    /// directory the program left without write or search permission is
    /// opened up first; names are passed as the raw bytes read, so a file
    /// whose name is not UTF-8 goes too.
    static func removeTree(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            unlink(path)
            return
        }
        removeContents(of: fd)
        close(fd)
        rmdir(path)
    }

    /// Empties the directory open at `directory` (the descriptor stays open).
    private static func removeContents(of directory: Int32) {
        let listing = dup(directory)
        guard listing >= 0 else { return }
        guard let stream = fdopendir(listing) else {
            close(listing)
            return
        }
        var names: [[CChar]] = []
        while let entry = readdir(stream) {
            var name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.prefix { $0 != 0 }.map { CChar(bitPattern: $0) }
            }
            if name == [46] || name == [46, 46] { continue }  // "." and ".."
            name.append(0)
            names.append(name)
        }
        closedir(stream)
        for name in names {
            // Files and symbolic links go at once; what is left is a
            // directory: open it up, empty it, remove it.
            if unlinkat(directory, name, 0) == 0 { continue }
            fchmodat(directory, name, 0o700, 0)
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if child >= 0 {
                removeContents(of: child)
                close(child)
            }
            unlinkat(directory, name, AT_REMOVEDIR)
        }
    }

    /// Creates one directory (its parent must exist).
    /// - Throws: `Errno` from `mkdir(2)`.
    static func makeDirectory(_ path: String, mode: mode_t = 0o700) throws(Errno) {
        guard mkdir(path, mode) == 0 else { throw .current }
    }

    /// Creates (or truncates) `path` and writes all of `contents` to it.
    /// - Throws: `Errno` from `open(2)` or `write(2)`.
    static func writeFile(_ path: String, contents: String) throws(Errno) {
        try writeFile(path, bytes: Array(contents.utf8))
    }

    /// Writes all of `bytes` to `fd`, going on after short writes and
    /// interruptions.
    /// - Throws: `Errno` from `write(2)`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                let error = Errno.current
                if error.code == EINTR { continue }
                throw error
            }
            offset += written
        }
    }

    /// Creates (or truncates) `path` and writes all of `bytes` to it.
    ///
    /// Plain `open`/`write` rather than Foundation's file writing, which
    /// also drags `mktemp` into a statically linked binary.
    /// - Parameters:
    ///   - mode: the permissions of a new file (before the umask).
    ///   - sync: `fsync` before closing, for a file that is then renamed
    ///     over a precious one: after a crash the rename is never seen
    ///     without the contents.
    /// - Throws: `Errno` from `open(2)`, `write(2)` or `fsync(2)`.
    static func writeFile(_ path: String, bytes: [UInt8], mode: mode_t = 0o600, sync: Bool = false) throws(Errno) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .current }
        defer { close(fd) }
        try writeAll(fd, bytes)
        if sync, fsync(fd) != 0 { throw .current }
    }

    /// What a path is, for the interpreter checks.
    enum FileKind {
        case missing
        case directory
        case file(executable: Bool)
    }

    /// Classifies `path`, following symbolic links.
    static func fileKind(_ path: String) -> FileKind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        if (info.st_mode & S_IFMT) == S_IFDIR { return .directory }
        return .file(executable: access(path, X_OK) == 0)
    }

    // MARK: Time

    /// Blocks the calling thread for `seconds` (for short back-offs).
    static func sleep(_ seconds: Double) {
        _ = usleep(useconds_t(max(0, seconds) * 1_000_000))
    }

    /// When the machine booted, in seconds of the real-time clock (process
    /// start times in `/proc` count from boot).
    static func bootTime() -> Double {
        var real = timespec()
        var boot = timespec()
        clock_gettime(CLOCK_REALTIME, &real)
        clock_gettime(CLOCK_BOOTTIME, &boot)
        return (Double(real.tv_sec) - Double(boot.tv_sec)) + (Double(real.tv_nsec) - Double(boot.tv_nsec)) / 1_000_000_000
    }

    /// Seconds on the real-time clock (for comparing with file times).
    static func realtimeSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1_000_000_000
    }

    /// Seconds on the monotonic clock, for timeouts and line times
    /// (the wall clock may jump).
    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1_000_000_000
    }
}

/// A NULL-terminated array of C strings for `argv` and `envp`, owned until
/// `free()`.
struct CStringArray {
    /// The pointers, ending with `nil`.
    let pointers: [UnsafeMutablePointer<CChar>?]

    /// Copies each string with `strdup`.
    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    /// Releases the copies.
    func free() {
        for pointer in pointers { Glibc.free(pointer) }
    }
}
