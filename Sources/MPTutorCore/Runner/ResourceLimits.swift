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
    /// Applies `options`' limits to `pid`, and turns core dumps off (a
    /// process killed by SIGXCPU, or crashing for want of memory, must not
    /// write a core file the size of its memory). Failures are ignored: a
    /// process that is already gone needs no limit.
    static func apply(to pid: pid_t, options: RunOptions) {
        try? Sys.setResourceLimit(pid, Int32(MPT_RLIMIT_CORE), soft: 0, hard: 0)
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
}
