import Foundation
import Synchronization

/// A runner whose interpreter is found in the background.
///
/// Finding the interpreter means starting it once (`python3` may be a
/// shell-script shim, and asking it for `sys.executable` costs 40 to 150
/// ms). The shell starts that at once on a thread of its own and shows its
/// prompt without waiting; the first `run` waits for the answer if it has
/// not come yet.
public final class DeferredRunner: Sendable {
    private let state = Mutex<Result<Runner, RunnerError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts resolving now.
    /// - Parameter resolve: finds the interpreter (on a background thread).
    public init(resolve: @escaping @Sendable () throws(RunnerError) -> Runner) {
        Thread { [self] in
            let result = Result { () throws(RunnerError) in try resolve() }
            state.withLock { $0 = result }
            done.signal()
        }.start()
    }

    /// A runner that is ready at once.
    public init(_ runner: Runner) {
        state.withLock { $0 = .success(runner) }
        done.signal()
    }

    /// The runner, waiting for the interpreter if need be.
    /// - Throws: why no interpreter could be used.
    public func get() throws(RunnerError) -> Runner {
        if let ready = state.withLock({ $0 }) { return try ready.get() }
        done.wait()
        done.signal()  // let any later caller through too
        return try state.withLock { $0! }.get()
    }
}
