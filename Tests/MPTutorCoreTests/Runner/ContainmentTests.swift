import Foundation
import Synchronization
import Testing

@testable import MPTutorCore

/// Hostile programs: each must come back with the documented limit or
/// message, and leave no process behind (checked in `/proc`). Serialized so
/// that two fork bombs never run at once on a small machine.
@Suite(.serialized) struct ContainmentTests {
    // MARK: Orphans and daemons

    @Test func aDoubleForkedSetsidDaemonIsEndedAndReaped() throws {
        let (result, token) = try runHostile(
            """
            import os, time
            print("proc", me(), flush=True)
            ready_r, ready_w = os.pipe()
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    print("proc", me(), flush=True)
                    # A real daemon: let go of the streams, so the run's pipes
                    # close when the main process exits.
                    null = os.open(os.devnull, os.O_RDWR)
                    for fd in (0, 1, 2):
                        os.dup2(null, fd)
                    os.chdir("/")
                    os.write(ready_w, b"x")
                    time.sleep(60)
                    os._exit(0)
                os._exit(0)
            os.wait()
            os.read(ready_r, 1)
            print("main exits", flush=True)
            """, options: RunOptions(timeout: 5))
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        #expect(!result.timedOut)
        #expect(result.limitHit == nil)
        #expect(result.duration < 2)
        let printed = printedProcesses(result)
        #expect(printed.count == 2)
        let daemon = try #require(printed.first { $0.pid != result.processes.first?.pid })
        let record = result.processes.first { $0.pid == daemon.pid }
        #expect(record?.ending == .endedByRunner, "\(ProcessTree.render(result.processes))")
        expectNothingLeft(result, token: token)
    }

    @Test func aDaemonProcessLeftRunningIsEnded() throws {
        let (result, token) = try runHostile(
            """
            import multiprocessing as mp, os, signal, time

            def forever(started):
                os.setsid()
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                print("proc", me(), flush=True)
                started.set()
                time.sleep(60)

            if __name__ == "__main__":
                print("proc", me(), flush=True)
                started = mp.Event()
                mp.Process(target=forever, args=(started,), daemon=True).start()
                started.wait(5)
                os._exit(0)  # skips multiprocessing's own clean-up
            """, options: RunOptions(timeout: 5))
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        #expect(!result.timedOut)
        #expect(result.duration < 2)
        #expect(printedProcesses(result).count == 2)
        expectNothingLeft(result, token: token)
    }

    @Test func parallelRunsEndOnlyTheirOwnProcesses() throws {
        // Run 0 keeps an escaped daemon alive for a second and checks that
        // it survived the other runs, which end (with escapees of their own)
        // meanwhile.
        let long = """
            import os, time
            print("proc", me(), flush=True)
            r, w = os.pipe()
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    print("proc", me(), flush=True)
                    os.write(w, str(os.getpid()).encode())
                    time.sleep(60)
                os._exit(0)
            os.wait()
            daemon = int(os.read(r, 32))
            time.sleep(1.0)
            with open("/proc/%d/stat" % daemon) as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            print("daemon state", state, flush=True)
            """
        let short = """
            import os, time
            print("proc", me(), flush=True)
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    print("proc", me(), flush=True)
                    time.sleep(60)
                os._exit(0)
            os.wait()
            time.sleep(0.1)
            """
        let outcomes = Mutex<[Int: Result<(result: RunResult, token: String), any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let outcome = Result { try runHostile(index == 0 ? long : short, options: RunOptions(timeout: 5)) }
            outcomes.withLock { $0[index] = outcome }
        }
        let all = outcomes.withLock { $0 }
        let first = try #require(try all[0]?.get())
        #expect(first.result.lines(of: .stdout).contains("daemon state S"), "\(first.result.lines)")
        for index in 0..<4 {
            let (result, token) = try #require(try all[index]?.get())
            #expect(printedProcesses(result).count == 2)
            expectNothingLeft(result, token: token)
        }
    }

    // MARK: Fork bombs

    @Test func aForkBombIsStoppedAtTheProcessLimit() throws {
        let (result, token) = try runHostile(
            """
            import os
            print("proc", me(), flush=True)
            while True:
                if os.fork() == 0:
                    print("proc", me(), flush=True)
            """, options: RunOptions(timeout: 5, processLimit: 20))
        #expect(result.limitHit == .processes(20))
        #expect(!result.timedOut)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(result.duration < 3)
        #expect(printedProcesses(result).count > 1)
        #expect(result.limitHit?.message.contains("more than 20 processes") == true)
        expectNothingLeft(result, token: token, timeout: 2)
    }

    @Test func aForkBombThatEscapesTheGroupIsStoppedToo() throws {
        let (result, token) = try runHostile(
            """
            import os
            print("proc", me(), flush=True)
            while True:
                if os.fork() == 0:
                    os.setsid()
                    print("proc", me(), flush=True)
            """, options: RunOptions(timeout: 5, processLimit: 20))
        #expect(result.limitHit == .processes(20))
        #expect(result.duration < 3)
        expectNothingLeft(result, token: token, timeout: 2)
    }

    @Test(arguments: ["", "os.setsid()"])
    func aSilentForkBombIsStopped(escape: String) throws {
        // The literal `while True: os.fork()`: nothing printed, so only the
        // periodic scans see it (and the token finds what is left).
        let (result, token) = try runHostile(
            """
            import os
            while True:
                if os.fork() == 0:
                    \(escape)
                    pass
            """, options: RunOptions(timeout: 5, processLimit: 20))
        #expect(result.limitHit == .processes(20))
        #expect(result.duration < 3)
        expectNothingLeft(result, token: token, timeout: 2)
    }

    @Test func aPoolOfTenThousandIsStopped() throws {
        let (result, token) = try runHostile(
            """
            import multiprocessing as mp

            def hello():
                print("proc", me(), flush=True)

            if __name__ == "__main__":
                print("proc", me(), flush=True)
                with mp.Pool(processes=10000, initializer=hello) as pool:
                    print(pool.map(abs, range(10)))
            """, options: RunOptions(timeout: 5, processLimit: 20))
        #expect(result.limitHit == .processes(20))
        #expect(!result.timedOut)
        #expect(result.duration < 3)
        expectNothingLeft(result, token: token, timeout: 2)
    }

    // MARK: Memory and CPU

    @Test func aHugeAllocationFailsWithMemoryError() throws {
        let (result, token) = try runHostile(
            """
            print("proc", me(), flush=True)
            data = bytearray(10**10)
            """, options: RunOptions(timeout: 5, memoryLimit: 512 << 20))
        #expect(result.termination == .exited(1))
        #expect(result.lines(of: .stderr).last == "MemoryError")
        #expect(result.limitHit == .memory(bytes: 512 << 20))
        #expect(result.limitHit?.message.contains("512 MiB") == true)
        expectNothingLeft(result, token: token)
    }

    @Test func aGrowingListInAChildFailsWithMemoryError() throws {
        let (result, token) = try runHostile(
            """
            import multiprocessing as mp

            def hog():
                print("proc", me(), flush=True)
                chunks = []
                while True:
                    chunks.append(bytearray(16 << 20))

            if __name__ == "__main__":
                print("proc", me(), flush=True)
                p = mp.Process(target=hog)
                p.start()
                p.join()
                print("exit code", p.exitcode)
            """, options: RunOptions(timeout: 5, memoryLimit: 512 << 20))
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        #expect(result.lines(of: .stdout).last == "exit code 1")
        #expect(result.lines(of: .stderr).contains("MemoryError"))
        #expect(result.limitHit == .memory(bytes: 512 << 20))
        expectNothingLeft(result, token: token)
    }

    @Test func aBusyMainProcessIsStoppedAtItsCPUCap() throws {
        let (result, token) = try runHostile(
            """
            print("proc", me(), flush=True)
            while True:
                pass
            """, options: RunOptions(timeout: 8, cpuTimeLimit: 1))
        #expect(result.termination == .signaled(SIGXCPU))
        #expect(!result.timedOut)
        #expect(result.limitHit == .cpuTime(seconds: 1))
        #expect(result.limitHit?.message.contains("1 s of CPU time") == true)
        expectNothingLeft(result, token: token)
    }

    @Test func aBusyChildIsStoppedAtItsCPUCap() throws {
        let (result, token) = try runHostile(
            """
            import multiprocessing as mp

            def burn():
                print("proc", me(), flush=True)
                while True:
                    pass

            if __name__ == "__main__":
                print("proc", me(), flush=True)
                p = mp.Process(target=burn)
                p.start()
                p.join()
                print("exit code", p.exitcode)
            """, options: RunOptions(timeout: 8, cpuTimeLimit: 1))
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        #expect(result.lines(of: .stdout).last == "exit code -\(SIGXCPU)")
        #expect(result.limitHit == .cpuTime(seconds: 1))
        expectNothingLeft(result, token: token)
    }

    @Test func normalExamplesRunUnderTheDefaultLimits() throws {
        let (result, token) = try runHostile(
            """
            import multiprocessing as mp

            def square(n):
                return n * n

            def fill(shared, lock, n):
                with lock:
                    shared[n] = n * 10

            if __name__ == "__main__":
                with mp.Pool(4) as pool:
                    print(pool.map(square, range(8)))
                with mp.Manager() as manager:
                    shared = manager.dict()
                    lock = manager.Lock()
                    ps = [mp.Process(target=fill, args=(shared, lock, n)) for n in range(4)]
                    for p in ps: p.start()
                    for p in ps: p.join()
                    print(sorted(shared.items()))
                q = mp.Queue()
                q.put("through a queue")
                print(q.get())
            """, options: RunOptions(timeout: 10))
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        #expect(result.lines(of: .stdout) == [
            "[0, 1, 4, 9, 16, 25, 36, 49]", "[(0, 0), (1, 10), (2, 20), (3, 30)]", "through a queue",
        ])
        #expect(result.lines(of: .stderr).isEmpty)
        #expect(result.limitHit == nil)
        #expect(result.stacks.isEmpty)
        expectNothingLeft(result, token: token)
    }

    // MARK: Floods and input

    @Test func aFloodStaysWithinItsCapAndEndsAtTheTimeout() throws {
        let cap = 256 << 10
        let (result, token) = try runHostile(
            """
            print("proc", me(), flush=True)
            while True:
                print("x" * 99)
            """, options: RunOptions(timeout: 1, captureLimit: cap))
        #expect(result.timedOut)
        #expect(result.truncated)
        #expect(result.droppedBytes > cap)
        let stored = result.lines.reduce(0) { $0 + $1.text.utf8.count + 1 }
        #expect(stored <= cap + 1)
        #expect(result.duration < 3)
        expectNothingLeft(result, token: token)
    }

    @Test func everyProcessGetsEndOfFileOnStandardInput() throws {
        let (result, token) = try runHostile(
            """
            import os, sys
            if os.fork() == 0:
                print("child read", repr(sys.stdin.read()), flush=True)
                os._exit(0)
            os.wait()
            print("main read", repr(sys.stdin.read()))
            """, options: RunOptions(timeout: 5))
        #expect(!result.timedOut)
        #expect(result.lines(of: .stdout) == ["child read ''", "main read ''"])
        expectNothingLeft(result, token: token)
    }
}
