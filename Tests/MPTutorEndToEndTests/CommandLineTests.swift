import Foundation
import Testing

/// `mptutor list`, `show` and `run` on the real binary, with real python3.
@Suite("Command line")
struct CommandLineTests {
    @Test func listShowsTheBuiltInCourseInOrder() throws {
        let output = try MPTutorBinary.run(["list", "--lessons", MPTutorBinary.lessons])
        #expect(output.status == 0, "\(output.stderr)")
        let fork = try #require(output.stdout.range(of: "fork "))
        let environment = try #require(output.stdout.range(of: "fork-environment"))
        #expect(fork.lowerBound < environment.lowerBound)
    }

    @Test func listFlagsABrokenLessonWithFileAndLineAndLoadsTheRest() throws {
        let folder = try TemporaryFolder()
        try folder.write("01-hello.md", Fixtures.goodLesson)
        let broken = try folder.write("04-broken.md", Fixtures.brokenLesson)
        let output = try MPTutorBinary.run(["list", "--lessons", folder.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("hello"))
        #expect(output.stdout.contains("\(broken):9: expect block has no example before it"))
    }

    @Test func showRendersAStepWithItsExample() throws {
        let folder = try TemporaryFolder()
        try folder.write("01-hello.md", Fixtures.goodLesson)
        let output = try MPTutorBinary.run(["show", "hello", "1", "--lessons", folder.path])
        #expect(output.status == 0)
        #expect(output.stdout.contains("Step 1 of 1: Two hellos"))
        #expect(output.stdout.contains("    pid = os.fork()"))
        #expect(output.stdout.contains("Quiz: what does fork return in the child?"))
        #expect(!output.stdout.contains("\u{1B}["), "no colour on a pipe")
    }

    @Test func runALessonStepStreamsTheOutputAndReportsTheMatch() throws {
        let folder = try TemporaryFolder()
        try folder.write("01-hello.md", Fixtures.goodLesson)
        let output = try MPTutorBinary.run(["run", "hello", "1", "--lessons", folder.path])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.range(of: #"child \d+ of \d+"#, options: .regularExpression) != nil)
        #expect(output.stdout.contains("✓ output matches the expected patterns"))
        #expect(output.stdout.range(of: #"C = \d+, P = \d+"#, options: .regularExpression) != nil)
    }

    @Test func runAFileAgainstAPatternFileReportsTheMismatchLikeFileCheck() throws {
        let folder = try TemporaryFolder()
        let program = try folder.write("try.py", """
            import os
            print(f"parent {os.getpid()}")
            print("child 12 of 99999999")
            """)
        let patterns = try folder.write("try.expect", """
            parent {{P:int}}
            child {{int}} of {{P}}
            """)
        let output = try MPTutorBinary.run(["run", program, "--expect", patterns])
        #expect(output.status == 1)
        #expect(output.stdout.contains("\(patterns):2: expected line does not match the output"))
        #expect(output.stdout.contains("stdout line 2: child 12 of 99999999"))
        #expect(output.stdout.contains("^ differs here"))
        #expect(output.stdout.range(of: #"with P = \d+"#, options: .regularExpression) != nil)
    }

    @Test func runningAFileStartsTheInterpreterOnceAndStillRefusesABadOne() throws {
        let folder = try TemporaryFolder()
        let program = try folder.write("hello.py", "print('hello')\n")
        let log = folder.url.appendingPathComponent("starts").path
        // python3 on PATH is a wrapper that logs each start, as a pyenv shim
        // would be one more process layer.
        let real = try #require(MPTutorBinary.realPython)
        let wrapper = try folder.write("python3", "#!/bin/sh\necho start >> '\(log)'\nexec '\(real)' \"$@\"\n")
        chmod(wrapper, 0o755)
        let path = folder.url.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let output = try MPTutorBinary.run(["run", program], environment: ["PATH": path, "MPTUTOR_PYTHON": ""])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.hasPrefix("hello\n"))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "start\n")

        let notPython = try folder.write("not-python", "#!/bin/sh\necho 'no python here' >&2\nexit 7\n")
        chmod(notPython, 0o755)
        let refused = try MPTutorBinary.run(["run", program, "--python", wrapper.replacingOccurrences(of: "python3", with: "nope")])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("hint: Check the interpreter given in --python"))
        let broken = try MPTutorBinary.run(["run", program, "--python", notPython])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("\(notPython) could not be run as Python: exit 7, no python here"))
        #expect(!broken.stdout.contains("hello"))
    }

    @Test func aTimeoutEndsTheWholeProcessTree() throws {
        let folder = try TemporaryFolder()
        let program = try folder.write("hang.py", """
            import os, time
            pid = os.fork()
            if pid == 0:
                print("grandchild", os.getpid(), flush=True)
                time.sleep(60)
            else:
                print("parent waits")
                os.waitpid(pid, 0)
            """)
        let output = try MPTutorBinary.run(["run", program, "--timeout", "1"])
        #expect(output.stdout.contains("timed out"))
        let pidText = try #require(output.stdout.components(separatedBy: "\n").first { $0.hasPrefix("grandchild ") })
        let pid = try #require(Int32(pidText.dropFirst("grandchild ".count)))
        // Orphans are reparented and reaped by init: allow it a moment.
        var alive = processIsAlive(pid)
        for _ in 0..<20 where alive {
            usleep(50_000)
            alive = processIsAlive(pid)
        }
        #expect(!alive, "the sleeping grandchild \(pid) must not outlive the run")
    }

    @Test func anUnknownLessonNamesTheOnesThereAre() throws {
        let output = try MPTutorBinary.run(["show", "nope", "--lessons", MPTutorBinary.lessons])
        #expect(output.status != 0)
        #expect(output.stderr.contains("no lesson 'nope'"))
        #expect(output.stderr.contains("fork"))
    }
}
