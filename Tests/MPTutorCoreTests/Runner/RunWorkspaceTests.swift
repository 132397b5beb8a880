import Foundation
import Testing

@testable import MPTutorCore

/// The run's temporary directory: where the program runs, and that it goes.
@Suite struct RunWorkspaceTests {
    @Test func runsInAFreshDirectoryThatIsRemovedAfterwards() throws {
        let result = try makeRunner().run(
            Program(
                source: """
                    import os
                    print(os.getcwd())
                    print(os.path.abspath(__file__))
                    print(sorted(os.listdir(".")))
                    os.makedirs("locked/inner")
                    open("locked/inner/file.txt", "w").write("x")
                    os.chmod("locked/inner", 0o500)
                    os.chmod("locked", 0o500)
                    """, fileName: "lesson.py"))
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        let out = result.lines(of: .stdout)
        try #require(out.count == 3)
        #expect(out[0].hasSuffix("/work"))
        #expect(out[1] == out[0] + "/lesson.py")
        #expect(out[2] == "['lesson.py']")
        let root = String(out[0].dropLast("/work".count))
        #expect(root.contains("mptutor-run-"))
        #expect(!FileManager.default.fileExists(atPath: root))
    }

    @Test func removalTakesOddNamesAndNeverFollowsALink() throws {
        let outside = try TemporaryFolder()
        let kept = try outside.write("kept.txt", text: "mine")
        let result = try runPython("""
            import os
            print(os.getcwd())
            os.makedirs(b"deep/\\xff\\xfe-not-utf8/more")
            open(b"deep/\\xff\\xfe-not-utf8/more/f", "w").write("x")
            os.symlink(\(String(reflecting: outside.path)), "link-to-outside")
            os.chmod("deep", 0o000)
            """)
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        let cwd = try #require(result.lines(of: .stdout).first)
        #expect(!FileManager.default.fileExists(atPath: String(cwd.dropLast("/work".count))))
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == "mine")
    }

    @Test func removesTheDirectoryAfterATimeoutToo() throws {
        let result = try runPython(
            "import os, time\nprint(os.getcwd())\ntime.sleep(30)\n", options: RunOptions(timeout: 1.0))
        #expect(result.timedOut)
        let cwd = try #require(result.lines(of: .stdout).first)
        #expect(!FileManager.default.fileExists(atPath: cwd))
    }

    @Test(arguments: ["", "..", "../escape.py", "dir/main.py"])
    func rejectsFileNamesThatAreNotPlainNames(name: String) throws {
        #expect(throws: RunnerError.invalidFileName(name)) {
            try makeRunner().run(Program(source: "pass", fileName: name))
        }
    }

    @Test func reportsAnUnusableTemporaryDirectory() {
        #expect(throws: RunnerError.self) {
            try RunWorkspace.create(
                for: Program(source: "pass"), environment: ["TMPDIR": "/nonexistent/mptutor"])
        }
        do {
            _ = try RunWorkspace.create(for: Program(source: "pass"), environment: ["TMPDIR": "/nonexistent"])
        } catch {
            guard case .temporaryDirectory(let path, let code) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path.hasPrefix("/nonexistent/mptutor-run-"))
            #expect(code == ENOENT)
            #expect(error.description.contains("No such file or directory"))
            #expect(error.hint != nil)
        }
    }
}
