import Synchronization

/// Lets another thread interrupt a run, as Ctrl-C does in a terminal.
///
/// The runner blocks its caller's thread, so a Ctrl-C handler (a signal
/// thread, a `DispatchSource`, a UI) needs a way in: `interrupt()` counts
/// the request in an atomic and writes a byte to a pipe the run's poll loop
/// watches, so the loop wakes at once. Both steps are async-signal-safe.
/// The first interrupt sends SIGINT to the run's process group (Python
/// raises `KeyboardInterrupt` in every process, as on a terminal); a second
/// one sends SIGKILL, for programs that catch or ignore SIGINT.
///
/// Use one `RunControl` per run. An interrupt made before the run starts
/// applies as soon as the program has been started.
public final class RunControl: Sendable {
    /// How many times `interrupt()` has been called.
    private let requests = Atomic<Int>(0)
    /// The end the run polls (non-blocking; -1 if no pipe could be made,
    /// in which case the run checks `requests` on a short timer instead).
    let wakeReadFD: Int32
    /// The end `interrupt()` writes to (non-blocking).
    private let wakeWriteFD: Int32

    /// Creates a control with its wake-up pipe.
    public init() {
        var read: Int32 = -1
        var write: Int32 = -1
        if let ends = try? Sys.pipe() {
            if (try? Sys.setNonBlocking(ends.read)) != nil, (try? Sys.setNonBlocking(ends.write)) != nil {
                (read, write) = (ends.read, ends.write)
            } else {
                Sys.close(ends.read)
                Sys.close(ends.write)
            }
        }
        wakeReadFD = read
        wakeWriteFD = write
    }

    deinit {
        if wakeReadFD >= 0 { Sys.close(wakeReadFD) }
        if wakeWriteFD >= 0 { Sys.close(wakeWriteFD) }
    }

    /// Asks the run to stop: SIGINT to its processes the first time,
    /// SIGKILL after that. Safe from any thread, and from a signal handler.
    public func interrupt() {
        requests.add(1, ordering: .sequentiallyConsistent)
        if wakeWriteFD >= 0 { Sys.wake(wakeWriteFD) }
    }

    /// The number of interrupts requested so far.
    public var interruptCount: Int {
        requests.load(ordering: .sequentiallyConsistent)
    }

    /// Empties the wake-up pipe after the loop woke on it.
    func drainWakeups() {
        if wakeReadFD >= 0 { Sys.discardAvailable(wakeReadFD) }
    }
}
