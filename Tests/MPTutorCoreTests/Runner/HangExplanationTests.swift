import Foundation
import Testing

@testable import MPTutorCore

/// Where a hung run was stuck: faulthandler dumps taken before the run is
/// ended, parsed and summed up in the learner's terms.
@Suite struct HangExplanationTests {
    /// A child waits in `conn.recv()` (line 6), the parent in `q.get()`
    /// (line 14); nobody ever sends.
    static let deadlock = """
        import multiprocessing as mp
        import os

        def child(conn):
            print("child", os.getpid(), flush=True)
            conn.recv()

        if __name__ == "__main__":
            parent_end, child_end = mp.Pipe()
            q = mp.Queue()
            p = mp.Process(target=child, args=(child_end,))
            p.start()
            print("main", os.getpid(), flush=True)
            q.get()
        """

    @Test func aTimedOutRunSaysWhereEachProcessWaits() throws {
        let program = Program(source: Self.deadlock)
        let result = try makeRunner().run(program, options: RunOptions(timeout: 1))
        #expect(result.timedOut)
        let out = result.lines(of: .stdout)
        let main = try #require(pid(after: "main", in: out))
        let child = try #require(pid(after: "child", in: out))
        let mainStack = try #require(result.stacks.first { $0.pid == main }, "\(result.stacks)")
        let childStack = try #require(result.stacks.first { $0.pid == child }, "\(result.stacks)")
        #expect(result.stacks.first?.pid == main)

        let mainSummary = mainStack.summary(programFile: "main.py", source: program.source)
        #expect(mainSummary.hasPrefix("waiting in get() (multiprocessing/queues.py)"), "\(mainSummary)")
        #expect(mainSummary.hasSuffix("at line 14: q.get()"), "\(mainSummary)")
        let childSummary = childStack.summary(programFile: "main.py", source: program.source)
        #expect(childSummary.hasPrefix("waiting in recv() (multiprocessing/connection.py)"), "\(childSummary)")
        #expect(childSummary.hasSuffix("at line 6: conn.recv()"), "\(childSummary)")

        #expect(mainStack.learnerFrame(programFile: "main.py") == StackFrame(file: "main.py", line: 14, function: "<module>"))
        #expect(childStack.learnerFrame(programFile: "main.py") == StackFrame(file: "main.py", line: 6, function: "child"))
        #expect(childStack.libraryCall(programFile: "main.py")?.function == "recv")

        let lines = result.stackSummaries(for: program)
        #expect(lines.contains { $0.hasPrefix("main process \(main): waiting in get()") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("forked child \(child): waiting in recv()") }, "\(lines)")
        // The dumps never reach the learner's output.
        #expect(!result.lines.contains { $0.text.contains("most recent call first") })
        #expect(waitUntilGone(main) && waitUntilGone(child))
    }

    @Test func anInterruptedRunGetsStacksToo() throws {
        let control = RunControl()
        let program = Program(source: "import time\nprint('ready', flush=True)\ntime.sleep(30)\n")
        // Interrupt a moment after "ready", once the program is surely in
        // its sleep rather than still finishing the print.
        let result = try makeRunner().run(
            program, options: RunOptions(timeout: 10), control: control,
            onEvent: { event in
                guard case .output(.stdout, let text) = event, text.contains("ready") else { return }
                Thread.detachNewThread {
                    Thread.sleep(forTimeInterval: 0.3)
                    control.interrupt()
                }
            })
        #expect(result.interrupted)
        #expect(result.lines(of: .stderr).last == "KeyboardInterrupt")
        let stack = try #require(result.stacks.first)
        #expect(stack.summary(programFile: "main.py", source: program.source) == "at line 3: time.sleep(30)")
        #expect(result.duration < 3)
    }

    @Test func aBusyLoopAndAWorkerThreadAreShown() throws {
        let program = Program(
            source: """
                import threading, time

                def spin():
                    while True:
                        time.sleep(0.001)

                threading.Thread(target=spin, daemon=True).start()
                total = 0
                while True:
                    total += 1
                """)
        let result = try makeRunner().run(program, options: RunOptions(timeout: 1))
        #expect(result.timedOut)
        let stack = try #require(result.stacks.first)
        #expect(stack.threads.count == 2)
        let main = try #require(stack.learnerFrame(programFile: "main.py"))
        #expect([9, 10].contains(main.line))
        #expect(stack.threads.first?.frames.first { $0.file == "main.py" }?.line == 5)
    }

    @Test func stacksCanBeTurnedOff() throws {
        let result = try runPython(
            "import time\ntime.sleep(30)\n", options: RunOptions(timeout: 0.5, captureStacks: false))
        #expect(result.timedOut)
        #expect(result.stacks.isEmpty)
        #expect(result.termination == .signaled(SIGTERM))
    }

    @Test func aProgramThatUsesSIGUSR2ItselfStillWorks() throws {
        let result = try runPython(
            """
            import os, signal
            got = []
            signal.signal(signal.SIGUSR2, lambda signum, frame: got.append(signum))
            os.kill(os.getpid(), signal.SIGUSR2)
            print("handled", got == [signal.SIGUSR2])
            print("getsignal is ours", callable(signal.getsignal(signal.SIGUSR2)))
            """)
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        #expect(result.lines(of: .stdout) == ["handled True", "getsignal is ours True"])
    }

    @Test func theHookLeavesNoTraceInTheProgram() throws {
        let result = try runPython(
            """
            import os, signal, sitecustomize
            print([name for name in vars(sitecustomize) if not name.startswith("__")])
            print(signal.getsignal(signal.SIGUSR2) == signal.SIG_DFL)
            print(os.setsid.__name__)
            r, w = os.pipe()
            print(r, w)
            """)
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        #expect(result.lines(of: .stdout) == ["[]", "True", "setsid", "3 4"])
    }

    @Test func aFailedRegistrationNeverBreaksAProgram() throws {
        // The hook, run by hand in an interpreter pointed at a run
        // directory that does not exist: every step fails, and the program
        // (forking included) runs as usual.
        let broken = try runPython(
            """
            import os, runpy, subprocess, sys
            boot = os.path.dirname(sys.modules["sitecustomize"].__file__)
            env = dict(os.environ, MPTUTOR_RUN="/nonexistent/run", MPTUTOR_STACKS="1", PYTHONPATH=boot)
            code = "import os\\nif os.fork() == 0:\\n    print('child ok', flush=True)\\n    os._exit(0)\\nos.wait()\\nprint('main ok')"
            done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
            print(done.stdout.split(), repr(done.stderr), done.returncode)
            """)
        #expect(broken.lines(of: .stdout) == ["['child', 'ok', 'main', 'ok'] '' 0"], "\(broken.lines)")
    }

    // MARK: Parsing and summing up

    static let poolWorkerDump = """
        Thread 0x00007f0000000001 (most recent call first):
          File "/usr/lib/python3.11/threading.py", line 320 in wait
          File "/tmp/mptutor-run-abc/work/main.py", line 4 in helper

        Current thread 0x00007f0000000002 (most recent call first):
          File "/usr/lib/python3.11/multiprocessing/connection.py", line 379 in _recv
          File "/usr/lib/python3.11/multiprocessing/connection.py", line 414 in _recv_bytes
          File "/usr/lib/python3.11/multiprocessing/connection.py", line 217 in recv_bytes
          File "/usr/lib/python3.11/multiprocessing/queues.py", line 367 in get
          File "/usr/lib/python3.11/multiprocessing/pool.py", line 114 in worker
          File "/usr/lib/python3.11/multiprocessing/process.py", line 108 in run
          File "/usr/lib/python3.11/multiprocessing/process.py", line 314 in _bootstrap
          File "/usr/lib/python3.11/multiprocessing/popen_fork.py", line 71 in _launch
          File "/tmp/mptutor-run-abc/work/main.py", line 12 in <module>
        """

    @Test func parsesADumpPerThreadAndMakesTheProgramRelative() throws {
        let stack = try #require(
            StackDumpParser.parse(Self.poolWorkerDump, pid: 42, workDirectory: "/tmp/mptutor-run-abc/work"))
        #expect(stack.pid == 42)
        #expect(stack.threads.count == 2)
        #expect(stack.threads.map(\.isCurrent) == [false, true])
        #expect(stack.threads[0].frames.last == StackFrame(file: "main.py", line: 4, function: "helper"))
        #expect(stack.frames.count == 9)
        #expect(stack.frames.first == StackFrame(
            file: "/usr/lib/python3.11/multiprocessing/connection.py", line: 379, function: "_recv"))
        #expect(stack.frames.first?.shortFile == "multiprocessing/connection.py")
        #expect(StackDumpParser.parse("nothing here", pid: 1, workDirectory: "/w") == nil)
    }

    @Test func framesAForkedChildInheritedAreNotItsOwn() throws {
        let stack = try #require(
            StackDumpParser.parse(Self.poolWorkerDump, pid: 42, workDirectory: "/tmp/mptutor-run-abc/work"))
        // The main thread is a Pool worker waiting for a task; line 12 is
        // where its parent forked it, not something it is doing. Another
        // thread is in the learner's code, so that one is described.
        #expect(stack.summary(programFile: "main.py") == "waiting in wait() (threading.py) at line 4")
        let mainOnly = ProcessStack(pid: 42, threads: [stack.threads[1]])
        #expect(mainOnly.summary(programFile: "main.py") == "waiting in recv_bytes() (multiprocessing/connection.py)")
        #expect(mainOnly.learnerFrame(programFile: "main.py") == nil)
    }

    @Test func summariesQuoteTheLearnersLine() {
        let frames = [
            StackFrame(file: "/opt/py/lib/python3.12/site-packages/pkg/mod.py", line: 3, function: "call"),
            StackFrame(file: "main.py", line: 2, function: "<module>"),
        ]
        let stack = ProcessStack(pid: 1, threads: [ThreadStack(isCurrent: true, frames: frames)])
        #expect(stack.summary(programFile: "main.py", source: "import pkg\n    pkg.call()   \n")
            == "waiting in call() (pkg/mod.py) at line 2: pkg.call()")
        #expect(stack.summary(programFile: "main.py") == "waiting in call() (pkg/mod.py) at line 2")
        #expect(ProcessStack(pid: 1, threads: []).summary(programFile: "main.py") == "no Python code running")
        #expect(StackFrame(file: "/somewhere/else.py", line: 1, function: "f").shortFile == "else.py")
    }

    @Test func framesParseWithOddPaths() {
        #expect(StackDumpParser.parseFrame(#"  File "/a "quoted", line 9/x.py", line 7 in f"#)
            == StackFrame(file: #"/a "quoted", line 9/x.py"#, line: 7, function: "f"))
        #expect(StackDumpParser.parseFrame("  <no Python frame>") == nil)
        #expect(StackDumpParser.parseFrame("  ...") == nil)
    }
}
