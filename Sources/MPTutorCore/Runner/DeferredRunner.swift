import FoundationEssentials
import Dispatch
import Synchronization

/// A runner whose interpreter is found in the background.
///
/// Finding the interpreter means starting it once (`python3` may be a
/// shell-script shim, and asking it for `sys.executable` costs 40 to 150
/// ms). The shell starts that on a thread of its own once its welcome is on
/// the screen (so that the probe does not compete with loading the course
/// for the cores) and shows its prompt without waiting; the first `run`
/// waits for the answer if it has not come yet, and starts the probe itself
/// if nobody did.
public final class DeferredRunner: Sendable {
    private let state = Mutex<Result<Runner, RunnerError>?>(nil)
    private let done = DispatchSemaphore(value: 0)
    /// Ends the probe early when nobody needs its answer any more.
    private let control = RunControl()
    /// What finds the interpreter, until it is started (then nil).
    private let pending: Mutex<(@Sendable (RunControl) throws(RunnerError) -> Runner)?>

    /// Prepares to resolve; nothing runs before `start()` or `get()`.
    /// - Parameter resolve: finds the interpreter (on a background thread),
    ///   given a control that `abandon()` interrupts.
    public init(resolve: @escaping @Sendable (RunControl) throws(RunnerError) -> Runner) {
        pending = Mutex(resolve)
    }

    /// Starts resolving in the background (once; later calls do nothing).
    public func start() {
        guard let resolve = pending.withLock({ pending in defer { pending = nil }; return pending }) else { return }
        let work: @Sendable () -> Void = { [self] in
            let result = Result { () throws(RunnerError) in try resolve(control) }
            state.withLock { $0 = result }
            done.signal()
        }
        // Without a thread to spare, resolve here: slower, still correct.
        if !DetachedThread.start(work) { work() }
    }

    /// A runner that is ready at once.
    public init(_ runner: Runner) {
        pending = Mutex(nil)
        state.withLock { $0 = .success(runner) }
        done.signal()
    }

    /// Stops a probe still under way (it is killed and its temporary
    /// folder removed) and waits for that: for a shell that quits before
    /// it ran anything.
    public func abandon() {
        if pending.withLock({ $0 != nil }) { return }  // never started: nothing to end
        if state.withLock({ $0 }) == nil {
            control.interrupt()
            control.interrupt()
        }
        done.wait()
        done.signal()
    }

    /// The runner, waiting for the interpreter if need be.
    /// - Throws: why no interpreter could be used.
    public func get() throws(RunnerError) -> Runner {
        if let ready = state.withLock({ $0 }) { return try ready.get() }
        start()
        done.wait()
        done.signal()  // let any later caller through too
        return try state.withLock { $0! }.get()
    }
}
