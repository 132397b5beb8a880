import CSystemShims
import Glibc

/// Sets a run's per-process resource limits on its main process right
/// after the spawn; every process it starts inherits them.
///
/// `posix_spawn` has no way to set limits in the child, and the Swift
/// process must not fork. `prlimit` on the new pid is safe here: the spawn
/// returns once the child has exec'd the interpreter, and Python needs
/// milliseconds of start-up before the learner's first line can fork or
/// allocate.
enum ResourceLimits {
    /// The nice value the supervising thread takes during a run, when the
    /// system allows it (root, CAP_SYS_NICE, or RLIMIT_NICE): a fork bomb's
    /// processes must not starve the thread that has to stop them.
    static let supervisorNice: Int32 = -10

    /// Applies `options`' limits to `pid`, and turns core dumps off (a
    /// process killed by SIGXCPU, or crashing for want of memory, must not
    /// write a core file the size of its memory). Failures are ignored: a
    /// process that is already gone needs no limit.
    static func apply(to pid: pid_t, options: RunOptions) {
        try? Sys.setResourceLimit(pid, Int32(MPT_RLIMIT_CORE), soft: 0, hard: 0)
        if let threads = processCap(options: options) {
            try? Sys.setResourceLimit(pid, Int32(MPT_RLIMIT_NPROC), soft: UInt64(threads), hard: UInt64(threads))
        }
        if let bytes = options.memoryLimit, bytes > 0 {
            try? Sys.setResourceLimit(pid, Int32(MPT_RLIMIT_AS), soft: UInt64(bytes), hard: UInt64(bytes))
        }
        if let seconds = options.cpuTimeLimit, seconds > 0 {
            // The hard limit a second later kills a process that ignores
            // SIGXCPU.
            try? Sys.setResourceLimit(
                pid, Int32(MPT_RLIMIT_CPU), soft: UInt64(seconds), hard: UInt64(seconds) + 1)
        }
    }

    /// The RLIMIT_NPROC backstop, or nil for root (which the kernel
    /// exempts). RLIMIT_NPROC counts all the threads of the user, not the
    /// run's processes, so it cannot be the process limit itself: it is set
    /// to every thread on the system now plus a wide margin (eight times
    /// the process limit, at least 512), which no well-behaved program
    /// reaches but which stops a fork bomb in the kernel even when the
    /// runner's scans are starved of CPU. A fork past it fails with
    /// `BlockingIOError` (EAGAIN).
    static func processCap(options: RunOptions) -> Int? {
        guard getuid() != 0, geteuid() != 0, let threads = Sys.systemThreadCount() else { return nil }
        return threads + max(512, 8 * options.processLimit)
    }

    /// Raises the calling thread's priority for the supervision of a run.
    /// - Returns: the nice value to restore, or nil when it was not
    ///   changed (not allowed, or already at least as high).
    static func raiseSupervisorPriority() -> Int32? {
        guard let current = Sys.threadNice(), current > supervisorNice else { return nil }
        guard (try? Sys.setThreadNice(supervisorNice)) != nil else { return nil }
        return current
    }

    /// Restores what `raiseSupervisorPriority` changed.
    static func restoreSupervisorPriority(_ previous: Int32?) {
        if let previous { try? Sys.setThreadNice(previous) }
    }
}
