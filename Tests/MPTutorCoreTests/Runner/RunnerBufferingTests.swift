import Foundation
import Testing

@testable import MPTutorCore

/// Buffering modes, the sitecustomize hook and the child's environment.
@Suite struct RunnerBufferingTests {
    @Test func tenProcessesNeverTearLinesWhenLineBuffered() throws {
        let program = """
            import multiprocessing as mp, os

            def work(n):
                for i in range(20):
                    print(f"worker {n} line {i} pid {os.getpid()} " + "." * 40)

            if __name__ == "__main__":
                ps = [mp.Process(target=work, args=(n,)) for n in range(10)]
                for p in ps: p.start()
                for p in ps: p.join()
            """
        let pattern = /worker \d line \d{1,2} pid \d+ \.{40}/
        for _ in 0..<3 {
            let result = try runPython(program)
            #expect(result.termination == .exited(0))
            let out = result.lines(of: .stdout)
            #expect(out.count == 200)
            let torn = out.filter { (try? pattern.wholeMatch(in: $0)) == nil }
            #expect(torn.isEmpty, "torn lines: \(torn.prefix(3))")
        }
    }

    static let forkProgram = """
        import os, sys
        print("before fork")
        pid = os.fork()
        if pid == 0:
            print("in child")
            sys.exit(0)
        os.waitpid(pid, 0)
        print("in parent")
        """

    @Test func blockBufferingShowsTheBufferCopiedByFork() throws {
        let result = try runPython(Self.forkProgram, options: RunOptions(buffering: .block))
        #expect(result.lines(of: .stdout) == ["before fork", "in child", "before fork", "in parent"])
    }

    @Test func lineBufferingPrintsALineBeforeForkOnce() throws {
        let result = try runPython(Self.forkProgram, options: RunOptions(buffering: .line))
        #expect(result.lines(of: .stdout) == ["before fork", "in child", "in parent"])
    }

    @Test(arguments: OutputBuffering.allCases)
    func setsBufferingExplicitlyInsteadOfInheritingIt(mode: OutputBuffering) throws {
        let result = try runPython(
            """
            import os, sys
            print(os.environ.get("PYTHONUNBUFFERED"))
            print(os.environ.get("MPTUTOR_BUFFERING"))
            print(os.environ.get("PYTHONIOENCODING"))
            print(sys.stdout.line_buffering, sys.stdout.write_through)
            print(os.environ.get("LESSON_VAR"))
            """, options: RunOptions(buffering: mode, environment: ["LESSON_VAR": "given"]))
        let expected: [OutputBuffering: [String]] = [
            .line: ["None", "line", "utf-8", "True False", "given"],
            .block: ["None", "block", "utf-8", "False False", "given"],
            .unbuffered: ["1", "unbuffered", "utf-8", "False True", "given"],
        ]
        #expect(result.lines(of: .stdout) == expected[mode])
    }

    @Test func theHookIsInvisibleToTheProgram() throws {
        let result = try runPython(
            """
            print(sorted(k for k in globals() if not k.startswith("__")))
            import sys
            print(sorted(k for k in vars(sys.modules["sitecustomize"]) if not k.startswith("__")))
            """)
        #expect(result.lines(of: .stdout) == ["[]", "[]"])
        #expect(result.lines(of: .stderr).isEmpty)
    }

    @Test func theHookChainsToAUsersSitecustomize() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("mptutor-usersite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "import builtins\nbuiltins.USER_SITE_RAN = 'yes'\n"
            .write(to: directory.appendingPathComponent("sitecustomize.py"), atomically: true, encoding: .utf8)

        let result = try runPython(
            """
            import builtins, sys
            print(getattr(builtins, "USER_SITE_RAN", "no"))
            print(sys.stdout.line_buffering)
            """, options: RunOptions(environment: ["PYTHONPATH": directory.path]))
        #expect(result.lines(of: .stdout) == ["yes", "True"])
    }

    @Test func theEnvironmentIsBuiltInOrder() {
        let options = RunOptions(
            buffering: .line,
            environment: ["PYTHONPATH": "/lessons", "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "latin-1"])
        let environment = ChildEnvironment.make(
            inherited: ["PYTHONUNBUFFERED": "1", "HOME": "/root", "PYTHONPATH": "/inherited"],
            options: options, bootDirectory: "/tmp/x/boot")
        #expect(environment["PYTHONPATH"] == "/tmp/x/boot:/lessons")
        #expect(environment["PYTHONUNBUFFERED"] == nil)
        #expect(environment["PYTHONIOENCODING"] == "latin-1")
        #expect(environment["MPTUTOR_BUFFERING"] == "line")
        #expect(environment["HOME"] == "/root")
        let inheritedOnly = ChildEnvironment.make(
            inherited: ["PYTHONPATH": "/inherited"], options: RunOptions(buffering: .unbuffered),
            bootDirectory: "/b")
        #expect(inheritedOnly["PYTHONPATH"] == "/b:/inherited")
        #expect(inheritedOnly["PYTHONUNBUFFERED"] == "1")
        #expect(ChildEnvironment.strings(["B": "2", "A": "1", "BAD=": "x"]) == ["A=1", "B=2"])
    }
}
