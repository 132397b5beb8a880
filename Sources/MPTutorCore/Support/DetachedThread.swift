import Glibc

/// A plain POSIX thread, for work that blocks for a while (the interpreter
/// probe, a read on the interrupt pipe) and must not hold a Dispatch
/// worker; Foundation's `Thread` would be the only reason to link all of
/// Foundation.
public enum DetachedThread {
    /// Runs `body` on a new detached thread.
    /// - Returns: false when no thread could be made (`body` did not run).
    @discardableResult
    public static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let made = pthread_create(&thread, nil, { context in
            let work = Unmanaged<Work>.fromOpaque(context!).takeRetainedValue()
            work.body()
            return nil
        }, context)
        guard made == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            return false
        }
        pthread_detach(thread)
        return true
    }

    /// The closure, boxed to cross into C.
    private final class Work: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}
