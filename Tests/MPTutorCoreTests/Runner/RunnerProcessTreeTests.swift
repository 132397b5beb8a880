import Foundation
import Synchronization
import Testing

@testable import MPTutorCore

/// Children, grandchildren, orphans, timeouts and parallel runs.
@Suite struct RunnerProcessTreeTests {
    @Test func capturesAGrandchildForkedInsideAProcess() throws {
        let result = try runPython(
            """
            import multiprocessing as mp, os

            def child():
                pid = os.fork()
                if pid == 0:
                    print("grandchild", os.getpid())
                    os._exit(0)
                os.waitpid(pid, 0)
                print("child", os.getpid())

            if __name__ == "__main__":
                p = mp.Process(target=child)
                p.start()
                p.join()
                print("parent done")
            """)
        #expect(result.termination == .exited(0))
        let out = result.lines(of: .stdout)
        #expect(out.count == 3)
        #expect(pid(after: "grandchild", in: out) != nil)
        #expect(pid(after: "child", in: out) != nil)
        #expect(out.last == "parent done")
    }

    @Test func aTimeoutEndsTheWholeTreeAndKeepsEarlierLines() throws {
        let result = try runPython(
            """
            import multiprocessing as mp, os, time

            def child():
                if os.fork() == 0:
                    print("grandchild", os.getpid())
                    time.sleep(60)
                print("child", os.getpid())
                time.sleep(60)

            if __name__ == "__main__":
                mp.Process(target=child).start()
                print("main", os.getpid())
                time.sleep(60)
            """, options: RunOptions(timeout: 1.0, killGrace: 0.2))
        #expect(result.timedOut)
        #expect(!result.interrupted)
        #expect(result.termination == .signaled(SIGTERM))
        #expect(result.duration < 10)
        let out = result.lines(of: .stdout)
        let pids = try ["main", "child", "grandchild"].map { try #require(pid(after: $0, in: out)) }
        for pid in pids {
            #expect(waitUntilGone(pid), "process \(pid) survived the run")
        }
    }

    @Test func escalatesToKillWhenTermIsIgnored() throws {
        let result = try runPython(
            """
            import os, signal, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            if os.fork() == 0:
                print("grandchild", os.getpid())
                time.sleep(60)
            print("main", os.getpid())
            time.sleep(60)
            """, options: RunOptions(timeout: 1.0, killGrace: 0.3))
        #expect(result.timedOut)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(result.duration >= 1.3 && result.duration < 10)
        let grandchild = try #require(pid(after: "grandchild", in: result.lines(of: .stdout)))
        #expect(waitUntilGone(grandchild))
    }

    @Test func anOrphanHoldingThePipeDoesNotHoldTheRun() throws {
        let result = try runPython(
            """
            import os, time
            if os.fork() == 0:
                print("orphan", os.getpid())
                time.sleep(0.05)
                print("orphan still talking")
                time.sleep(30)
                os._exit(0)
            time.sleep(0.02)
            print("main exits")
            """)
        #expect(result.termination == .exited(0))
        #expect(!result.timedOut)
        #expect(result.duration < 10)  // a short grace, not the orphan's 30 s
        let out = result.lines(of: .stdout)
        #expect(out.contains("main exits"))
        #expect(out.contains("orphan still talking"))
        let orphan = try #require(pid(after: "orphan", in: out))
        #expect(waitUntilGone(orphan))
    }

    @Test(arguments: ["spawn", "forkserver"])
    func otherStartMethodsRunFromTheFileAndLineBuffer(method: String) throws {
        let result = try runPython(
            """
            import multiprocessing as mp, sys

            def work(n):
                print(f"worker {n} line_buffering={sys.stdout.line_buffering}")

            if __name__ == "__main__":
                mp.set_start_method("\(method)")
                ps = [mp.Process(target=work, args=(n,)) for n in range(2)]
                for p in ps: p.start()
                for p in ps: p.join()
                print("exit codes", [p.exitcode for p in ps])
            """)
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        #expect(Set(result.lines(of: .stdout)) == [
            "worker 0 line_buffering=True", "worker 1 line_buffering=True", "exit codes [0, 0]",
        ])
        #expect(result.lines(of: .stderr).isEmpty)
    }

    @Test func runsInParallelFromManyThreads() throws {
        let runner = try makeRunner()
        let results = Mutex<[Int: Result<RunResult, RunnerError>]>([:])
        // Each child lists its open descriptors: a pipe of another run
        // leaking into it would show up there (and, for the sleeper, keep
        // the other runs from seeing end of file until it finished). The
        // one descriptor the runner adds, the process's own stack-dump file
        // (at 1000, out of the way), is left out.
        let listDescriptors = """
            def own(fd):
                try:
                    return os.readlink('/proc/self/fd/%d' % fd).endswith('/pids/%d' % os.getpid())
                except OSError:
                    return False
            print([fd for fd in sorted(int(fd) for fd in os.listdir('/proc/self/fd')) if not own(fd)])
            """
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let source = index == 0
                ? "import os, time\n\(listDescriptors)\ntime.sleep(1.5)\n"
                : "import os, sys\nprint('run \(index)')\nprint('err \(index)', file=sys.stderr)\n\(listDescriptors)\n"
            let result = Result { () throws(RunnerError) in try runner.run(Program(source: source)) }
            results.withLock { $0[index] = result }
        }
        let all = results.withLock { $0 }
        #expect(try all[0]?.get().lines(of: .stdout) == ["[0, 1, 2, 3]"])
        for index in 1..<8 {
            let result = try #require(try all[index]?.get())
            #expect(result.lines(of: .stdout) == ["run \(index)", "[0, 1, 2, 3]"])
            #expect(result.lines(of: .stderr) == ["err \(index)"])
        }
    }

    @Test func theExitPollingFallbackWorksWithoutAPidfd() throws {
        var runner = try makeRunner()
        runner.usesPidfd = false
        let result = try runner.run(
            Program(source: "import os, time\nif os.fork() == 0:\n    time.sleep(30)\nprint('hi')\nraise SystemExit(4)\n"))
        #expect(result.termination == .exited(4))
        #expect(result.lines(of: .stdout) == ["hi"])
        #expect(result.duration < 10)
        let hung = try runner.run(
            Program(source: "import time\nprint('a')\ntime.sleep(30)\n"), options: RunOptions(timeout: 1.0))
        #expect(hung.timedOut)
        #expect(hung.lines(of: .stdout) == ["a"])
    }
}
