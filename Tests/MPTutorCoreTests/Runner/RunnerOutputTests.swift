import Foundation
import Testing

@testable import MPTutorCore

/// What comes out of a run: streams, order, exit status, volume, text.
@Suite struct RunnerOutputTests {
    @Test func tagsStdoutAndStderrInArrivalOrder() throws {
        let result = try runPython(
            """
            import sys, time
            print("out 1")
            time.sleep(0.05)
            print("err 1", file=sys.stderr)
            time.sleep(0.05)
            print("out 2")
            time.sleep(0.05)
            print("err 2", file=sys.stderr)
            """)
        #expect(result.termination == .exited(0))
        #expect(result.lines.map(\.stream) == [.stdout, .stderr, .stdout, .stderr])
        #expect(result.lines.map(\.text) == ["out 1", "err 1", "out 2", "err 2"])
        #expect(result.lines(of: .stdout) == ["out 1", "out 2"])
        #expect(result.lines.map(\.time) == result.lines.map(\.time).sorted())
        #expect(!result.timedOut && !result.interrupted && !result.truncated)
    }

    @Test func reportsTheExitCode() throws {
        let result = try runPython("import sys\nprint('bye')\nsys.exit(3)\n")
        #expect(result.termination == .exited(3))
        #expect(result.lines(of: .stdout) == ["bye"])
    }

    @Test func anUncaughtExceptionExitsOneWithATraceback() throws {
        let result = try runPython("print(1 / 0)\n")
        #expect(result.termination == .exited(1))
        let errors = result.lines(of: .stderr)
        #expect(errors.first == "Traceback (most recent call last):")
        #expect(errors.contains { $0.contains("main.py") })
        #expect(errors.last == "ZeroDivisionError: division by zero")
    }

    @Test func reportsADeathBySignal() throws {
        let result = try runPython(
            """
            import os
            print("about to die", flush=True)
            os.kill(os.getpid(), 9)
            """)
        #expect(result.termination == .signaled(SIGKILL))
        #expect(result.termination.description == "signal 9 (SIGKILL)")
        #expect(result.lines(of: .stdout) == ["about to die"])
    }

    @Test func drainsFiveMegabytesAndCountsWhatPassesTheCap() throws {
        let result = try runPython(
            """
            import sys
            line = "x" * 99 + "\\n"
            for _ in range(50000):
                sys.stdout.write(line)
            print("done", file=sys.stderr)
            """, options: RunOptions(captureLimit: 1 << 20))
        #expect(result.termination == .exited(0))
        // 5,000,000 bytes: 10,485 whole lines fit in 1 MiB, then 76 bytes.
        #expect(result.droppedBytes == 5_000_000 + 5 - (1 << 20))
        #expect(result.truncated)
        #expect(result.lines.count == 10_486)
        #expect(result.lines.dropLast().allSatisfy { $0.text.utf8.count == 99 && $0.stream == .stdout })
        #expect(result.lines.last?.text == String(repeating: "x", count: 76))
        let stored = result.lines.dropLast().reduce(0) { $0 + $1.text.utf8.count + 1 } + 76
        #expect(stored == 1 << 20)
    }

    @Test func drainsBothStreamsAtOnceWithoutDeadlock() throws {
        let result = try runPython(
            """
            import sys
            for i in range(5000):
                sys.stdout.write("o%05d %s\\n" % (i, "o" * 200))
                sys.stderr.write("e%05d %s\\n" % (i, "e" * 200))
            """, options: RunOptions(buffering: .block, captureLimit: 8 << 20))
        #expect(result.termination == .exited(0))
        #expect(result.droppedBytes == 0)
        let out = result.lines(of: .stdout)
        let err = result.lines(of: .stderr)
        #expect(out.count == 5000 && err.count == 5000)
        #expect(out.last?.hasPrefix("o04999 ") == true)
        #expect(err.last?.hasPrefix("e04999 ") == true)
    }

    @Test func keepsAFinalUnterminatedLine() throws {
        let result = try runPython("import sys\nprint('one')\nsys.stdout.write('two')\n")
        #expect(result.lines(of: .stdout) == ["one", "two"])
    }

    @Test func unicodeRoundTrips() throws {
        let events = EventLog()
        let result = try runPython(
            """
            print("你好，世界")
            print("进程 🐍 héllo")
            """, onEvent: events.handler)
        #expect(result.lines(of: .stdout) == ["你好，世界", "进程 🐍 héllo"])
        #expect(events.text(of: .stdout) == "你好，世界\n进程 🐍 héllo\n")
    }

    @Test func aCharacterSplitAcrossWritesIsNotBroken() throws {
        let events = EventLog()
        let result = try runPython(
            """
            import sys, time
            out = sys.stdout.buffer
            out.write(b"\\xe4"); out.flush(); time.sleep(0.05)
            out.write(b"\\xbd\\xa0\\n"); out.flush(); time.sleep(0.05)
            out.write(b"bad \\xff end\\n"); out.flush()
            """, onEvent: events.handler)
        #expect(result.lines(of: .stdout) == ["你", "bad \u{FFFD} end"])
        #expect(events.text(of: .stdout) == "你\nbad \u{FFFD} end\n")
    }

    @Test func streamedEventsEqualTheCapturedText() throws {
        let events = EventLog()
        let result = try runPython(
            """
            import sys
            for i in range(300):
                print("line", i, "数据" * (i % 7))
                if i % 10 == 0:
                    print("warning", i, file=sys.stderr)
            sys.stdout.write("no newline at the end")
            """, onEvent: events.handler)
        #expect(result.termination == .exited(0))
        #expect(events.text(of: .stdout) == result.lines(of: .stdout).joined(separator: "\n"))
        #expect(events.text(of: .stderr) == result.lines(of: .stderr).joined(separator: "\n") + "\n")
        #expect(result.lines(of: .stdout).count == 301)
    }

    @Test func eventsKeepStreamingPastTheCap() throws {
        let events = EventLog()
        let result = try runPython(
            "for i in range(1000):\n    print('%04d' % i)\n",
            options: RunOptions(captureLimit: 50), onEvent: events.handler)
        #expect(result.lines(of: .stdout) == (0..<10).map { String(format: "%04d", $0) })
        #expect(result.droppedBytes == 5000 - 50)
        #expect(events.text(of: .stdout).split(separator: "\n").count == 1000)
    }

    @Test func passesArguments() throws {
        let result = try runPython(
            "import sys\nprint(sys.argv[1:])\n", options: RunOptions(arguments: ["a b", "c"]))
        #expect(result.lines(of: .stdout) == ["['a b', 'c']"])
    }
}
