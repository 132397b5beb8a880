import Foundation
import Testing

/// Hostile programs through the real binary: each ends with the documented
/// message, mptutor itself survives, and no process of the run remains
/// (checked in /proc, not through mptutor's own bookkeeping).
@Suite("Hostile programs", .serialized)
struct HostileProgramTests {
    /// Pids a program printed as `pid N`.
    private func pids(in text: String) -> [Int32] {
        text.components(separatedBy: "\n").compactMap { line in
            guard line.hasPrefix("pid ") else { return nil }
            return Int32(line.dropFirst(4))
        }
    }

    private func expectGone(_ pids: [Int32], sourceLocation: SourceLocation = #_sourceLocation) {
        for pid in pids {
            var alive = processIsAlive(pid)
            for _ in 0..<40 where alive {
                usleep(50_000)
                alive = processIsAlive(pid)
            }
            #expect(!alive, "process \(pid) outlived its run", sourceLocation: sourceLocation)
        }
    }

    @Test func aForkBombIsStoppedAtTheProcessCapAndLeavesNothing() throws {
        let folder = try TemporaryFolder()
        // Linear, not exponential: the cap is what is tested, and a test
        // must never be able to flood the machine it runs on.
        let program = try folder.write("bomb.py", """
            import os, time
            print("pid", os.getpid(), flush=True)
            while True:
                if os.fork() == 0:
                    print("pid", os.getpid(), flush=True)
                    time.sleep(60)
                    os._exit(0)
            """)
        let output = try MPTutorBinary.run(["run", program, "--timeout", "20"])
        #expect(output.stdout.contains("Stopped: the program had more than 64 processes running at once"))
        let started = pids(in: output.stdout)
        #expect(started.count > 1)
        expectGone(started)
    }

    @Test func anEscapedDaemonIsEndedWithItsRun() throws {
        let folder = try TemporaryFolder()
        let program = try folder.write("daemon.py", """
            import os, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    print("pid", os.getpid(), flush=True)
                    time.sleep(60)
                os._exit(0)
            os.wait()
            time.sleep(0.3)
            print("parent done")
            """)
        let output = try MPTutorBinary.run(["run", program, "--timeout", "10"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("parent done"))
        let daemon = pids(in: output.stdout)
        #expect(daemon.count == 1)
        expectGone(daemon)
    }

    @Test func aHungProgramIsExplainedWhenItTimesOut() throws {
        let folder = try TemporaryFolder()
        let program = try folder.write("hang.py", """
            import multiprocessing as mp

            def child(conn):
                conn.recv()

            if __name__ == "__main__":
                ctx = mp.get_context("fork")
                a, b = ctx.Pipe()
                p = ctx.Process(target=child, args=(b,))
                p.start()
                print("pid", p.pid, flush=True)
                p.join()
            """)
        let output = try MPTutorBinary.run(["run", program, "--timeout", "1"])
        #expect(output.stdout.contains("timed out"))
        #expect(output.stdout.contains("It never finished. Where each process was waiting when it was stopped:"))
        #expect(output.stdout.contains("waiting in recv() (multiprocessing/connection.py) at line 4: conn.recv()"))
        expectGone(pids(in: output.stdout))
    }

    @Test func escapeSequencesFromAProgramNeverReachTheTerminal() throws {
        let folder = try TemporaryFolder()
        let program = try folder.write("escape.py", #"print("\x1b[2J\x1b]0;owned\x07gotcha")"#)
        let output = try MPTutorBinary.run(["run", program, "--color", "always"])
        #expect(output.stdout.contains("^[[2J^[]0;owned^Ggotcha"))
        #expect(!output.stdout.contains("\u{1B}[2J"))
    }

    @Test func aTenMegabyteLineAndInvalidUTF8AreShownSafelyAndMatched() throws {
        let folder = try TemporaryFolder()
        let program = try folder.write("wide.py", """
            import sys
            sys.stdout.buffer.write(b"bad \\xff\\xfe bytes\\n")
            sys.stdout.write("y" * 10_000_000 + "\\n")
            print("end")
            """)
        let patterns = try folder.write("wide.expect", "bad {{any}} bytes\n@skip\n")
        let output = try MPTutorBinary.run(["run", program, "--expect", patterns])
        #expect(output.status == 0, "\(output.stdout.prefix(500))")
        #expect(output.stdout.contains("bad \u{FFFD}\u{FFFD} bytes"))
        #expect(output.stdout.contains("were not shown"))
        #expect(output.stdout.contains("past the capture limit were not kept"))
        #expect(output.stdout.contains("✓ output matches the expected patterns"))
        #expect(output.stdout.utf8.count < 1_000_000, "the screen gets a bounded amount")
    }

    @Test func aMissingInterpreterIsAClearMessage() throws {
        let output = try MPTutorBinary.run(["run", "/dev/null", "--python", "/nonexistent/python3"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("/nonexistent/python3"))
    }

    @Test func theShellSurvivesAnUnknownCommandAnEmptyLineAndAnEnormousLine() throws {
        let state = try TemporaryFolder()
        let huge = String(repeating: "x", count: 2_000_000)
        let output = try MPTutorBinary.run([], input: "frobnicate\n\n\n\(huge)\nhelp run\nquit\n",
                                           environment: ["XDG_STATE_HOME": state.path])
        #expect(output.status == 0)
        #expect(output.stdout.contains("unknown command 'frobnicate'"))
        #expect(output.stdout.contains("run  run this step's example live"))
    }
}
