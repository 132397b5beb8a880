import Foundation
import Testing

@testable import MPTutorCore

/// Finding and checking the interpreter.
@Suite struct PythonInterpreterTests {
    @Test func resolvesPython3ToTheRealExecutable() throws {
        let interpreter = try testInterpreter.get()
        #expect(interpreter.path.hasPrefix("/"))
        #expect(!interpreter.path.contains("/shims/"))
        #expect(try #require(interpreter.version) >= PythonInterpreter.minimumVersion)
        let result = try makeRunner().run(Program(source: "import sys\nprint(sys.executable)\n"))
        #expect(result.lines(of: .stdout) == [interpreter.path])
    }

    @Test func theOptionWinsOverTheEnvironment() throws {
        let real = try testInterpreter.get()
        let chosen = try PythonInterpreter.resolve(
            explicit: real.path, environment: ["MPTUTOR_PYTHON": "/nonexistent/python"])
        #expect(chosen == real)
    }

    @Test func theEnvironmentVariableIsUsedWithoutTheOption() throws {
        let real = try testInterpreter.get()
        #expect(throws: RunnerError.pythonNotFound(name: "/nonexistent/python", origin: .environment)) {
            try PythonInterpreter.resolve(explicit: nil, environment: ["MPTUTOR_PYTHON": "/nonexistent/python"])
        }
        let chosen = try PythonInterpreter.resolve(
            explicit: "", environment: ["MPTUTOR_PYTHON": real.path, "PATH": "/nonexistent"])
        #expect(chosen == real)
    }

    @Test func python3MissingFromPathSaysHowToInstallIt() {
        do {
            _ = try PythonInterpreter.resolve(explicit: nil, environment: ["PATH": "/nonexistent:/also-not"])
            Issue.record("resolved without python3 on PATH")
        } catch {
            #expect(error == .pythonNotFound(name: "python3", origin: .path))
            #expect(error.description == "python3 was not found on PATH")
            #expect(error.hint?.contains("apt-get install python3") == true)
        }
    }

    @Test func aNonExecutableFileOrDirectoryIsRejected() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mptutor-notexec-\(UUID())")
        try "print(1)\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: RunnerError.pythonNotExecutable(path: file.path, origin: .option)) {
            try PythonInterpreter.resolve(explicit: file.path, environment: [:])
        }
        #expect(throws: RunnerError.pythonNotExecutable(path: "/tmp", origin: .option)) {
            try PythonInterpreter.resolve(explicit: "/tmp", environment: [:])
        }
    }

    /// A fake interpreter: a shell script that answers the probe.
    func fakeInterpreter(_ body: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mptutor-fake-\(UUID())")
        try "#!/bin/sh\n\(body)\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        return file
    }

    @Test func anOldPythonIsRejectedWithItsVersion() throws {
        let fake = try fakeInterpreter("echo /opt/old/python3.6\necho 3.6.9")
        defer { try? FileManager.default.removeItem(at: fake) }
        do {
            _ = try PythonInterpreter.resolve(explicit: fake.path, environment: [:])
            Issue.record("accepted Python 3.6")
        } catch {
            #expect(error == .pythonTooOld(
                path: "/opt/old/python3.6", version: .init(major: 3, minor: 6, micro: 9),
                minimum: .init(major: 3, minor: 8)))
            #expect(error.description.contains("3.6.9"))
        }
    }

    @Test func somethingThatIsNotPythonIsUnusable() throws {
        let fake = try fakeInterpreter("echo 'not python' >&2\nexit 2")
        defer { try? FileManager.default.removeItem(at: fake) }
        do {
            _ = try PythonInterpreter.resolve(explicit: fake.path, environment: [:])
            Issue.record("accepted a fake")
        } catch {
            #expect(error == .pythonUnusable(path: fake.path, detail: "exit 2, not python"))
        }
    }

    @Test func aBareNameIsSearchedOnPath() throws {
        let real = try testInterpreter.get()
        let directory = (real.path as NSString).deletingLastPathComponent
        let name = (real.path as NSString).lastPathComponent
        let found = try PythonInterpreter.locate(name, origin: .option, searchPath: "/nonexistent:\(directory)")
        #expect(found == real.path)
    }

    @Test func aRelativePathIsMadeAbsolute() throws {
        let real = try testInterpreter.get()
        let here = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = "./" + String(repeating: "../", count: here) + real.path.dropFirst()
        let found = try PythonInterpreter.locate(relative, origin: .option, searchPath: nil)
        #expect(found.hasPrefix("/"))
        #expect(try PythonInterpreter.resolve(explicit: relative, environment: [:]) == real)
    }

    @Test func terminationsDescribeThemselves() {
        #expect(Termination.exited(0).description == "exit 0")
        #expect(Termination.signaled(SIGTERM).description == "signal 15 (SIGTERM)")
        #expect(Termination.signaled(SIGUSR1).description == "signal 10")
    }

    @Test func versionsParseAndCompare() {
        #expect(PythonInterpreter.Version("3.11.7") == .init(major: 3, minor: 11, micro: 7))
        #expect(PythonInterpreter.Version("3.8") == .init(major: 3, minor: 8, micro: 0))
        #expect(PythonInterpreter.Version("3") == nil)
        #expect(PythonInterpreter.Version("3.x.1") == nil)
        #expect(PythonInterpreter.Version("3.10.0")! > PythonInterpreter.Version("3.9.18")!)
        #expect(PythonInterpreter.Version("3.11.7")!.description == "3.11.7")
    }
}
