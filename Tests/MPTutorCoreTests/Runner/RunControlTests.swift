import Foundation
import Testing

@testable import MPTutorCore

/// Interrupting a run from another thread, as Ctrl-C does.
@Suite struct RunControlTests {
    /// Calls `interrupt()` `times` times from a separate thread once the
    /// program has printed `ready`, `gap` seconds apart.
    static func interruptWhenReady(_ control: RunControl, times: Int = 1, gap: Double = 0.1)
        -> @Sendable (RunEvent) -> Void
    {
        { event in
            guard case .output(.stdout, let text) = event, text.contains("ready") else { return }
            Thread.detachNewThread {
                for index in 0..<times {
                    if index > 0 { Thread.sleep(forTimeInterval: gap) }
                    control.interrupt()
                }
            }
        }
    }

    @Test func anInterruptRaisesKeyboardInterrupt() throws {
        let control = RunControl()
        let result = try runPython(
            """
            import time
            print("ready")
            time.sleep(30)
            """, options: RunOptions(timeout: 10), control: control,
            onEvent: Self.interruptWhenReady(control))
        #expect(result.interrupted)
        #expect(!result.timedOut)
        #expect([.exited(1), .exited(130), .signaled(SIGINT)].contains(result.termination))
        #expect(result.lines(of: .stderr).last == "KeyboardInterrupt")
        #expect(result.duration < 10)  // not the 30 s the program would sleep
    }

    @Test func aSecondInterruptKills() throws {
        let control = RunControl()
        let result = try runPython(
            """
            import signal, time
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            print("ready")
            time.sleep(30)
            """, options: RunOptions(timeout: 10), control: control,
            onEvent: Self.interruptWhenReady(control, times: 2))
        #expect(result.interrupted)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(control.interruptCount == 2)
        #expect(result.duration < 10)  // not the 30 s the program would sleep
    }

    @Test func anInterruptReachesEveryProcessOfTheRun() throws {
        let control = RunControl()
        let result = try runPython(
            """
            import multiprocessing as mp, time

            def child(inside):
                try:
                    inside.set()
                    time.sleep(30)
                except KeyboardInterrupt:
                    print("child interrupted")

            if __name__ == "__main__":
                inside = mp.Event()
                p = mp.Process(target=child, args=(inside,))
                p.start()
                inside.wait()  # the child is in its try block: ready for the interrupt
                try:
                    print("ready")  # inside the try: the interrupt may come at once
                    p.join()
                except KeyboardInterrupt:
                    p.join()
                    print("parent interrupted")
            """, options: RunOptions(timeout: 10), control: control,
            onEvent: Self.interruptWhenReady(control))
        #expect(result.interrupted)
        #expect(result.lines(of: .stdout) == ["ready", "child interrupted", "parent interrupted"])
        #expect(result.termination == .exited(0))
    }

    @Test func anInterruptBeforeTheRunAppliesAtOnce() throws {
        let control = RunControl()
        control.interrupt()
        let result = try runPython(
            "import time\ntime.sleep(30)\n", options: RunOptions(timeout: 10), control: control)
        #expect(result.interrupted)
        #expect(result.termination != .exited(0))
        #expect(result.duration < 10)  // not the 30 s the program would sleep
    }
}
