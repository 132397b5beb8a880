import Foundation
import Synchronization
import Testing

@testable import MPTutorCore

/// A run on an interpreter that was only found (`PythonInterpreter.find`),
/// not resolved: the run checks the version from inside, before the
/// program starts, instead of paying for a second Python start-up.
@Suite struct InterpreterCheckTests {
    /// The real interpreter as `find` returns it: a path, no version.
    func foundInterpreter() throws -> PythonInterpreter {
        let real = try testInterpreter.get()
        let found = try PythonInterpreter.find(explicit: real.path, environment: [:])
        #expect(found.path == real.path)
        #expect(found.version == nil)
        return found
    }

    @Test func findDoesNotStartTheInterpreter() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mptutor-find-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("starts")
        let wrapper = directory.appendingPathComponent("python3")
        let real = try testInterpreter.get()
        try "#!/bin/sh\necho start >> '\(log.path)'\nexec '\(real.path)' \"$@\"\n"
            .write(to: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)

        let found = try PythonInterpreter.find(explicit: nil, environment: ["PATH": directory.path])
        #expect(found == PythonInterpreter(path: wrapper.path, version: nil))
        #expect(!FileManager.default.fileExists(atPath: log.path))

        Runner.enableSubreaper()
        let result = try Runner(interpreter: found).run(Program(source: "print('once')\n"))
        #expect(result.lines(of: .stdout) == ["once"])
        #expect(try String(contentsOf: log, encoding: .utf8) == "start\n")
    }

    @Test func aGoodInterpreterRunsAsUsualAndTheCheckIsInvisible() throws {
        Runner.enableSubreaper()
        let runner = Runner(interpreter: try foundInterpreter())
        let source = """
            import multiprocessing as mp, os

            def child():
                print("child sees", os.environ.get("MPTUTOR_CHECK_PYTHON"))

            if __name__ == "__main__":
                print("main sees", os.environ.get("MPTUTOR_CHECK_PYTHON"))
                p = mp.get_context("spawn").Process(target=child)
                p.start()
                p.join()
                print(sorted(os.listdir(".")))

            """
        let result = try runner.run(Program(source: source, fileName: "check.py"))
        #expect(result.termination == .exited(0))
        #expect(result.lines(of: .stdout) == ["main sees None", "child sees None", "['check.py']"])
        #expect(result.lines(of: .stderr).isEmpty)
    }

    @Test func anInterpreterOlderThanAllowedStopsBeforeTheProgramPrints() throws {
        Runner.enableSubreaper()
        let real = try testInterpreter.get()
        var runner = Runner(interpreter: try foundInterpreter())
        runner.minimumVersion = .init(major: 99, minor: 0)
        let events = EventLog()
        do {
            _ = try runner.run(Program(source: "print('should not run')\n"), onEvent: events.handler)
            Issue.record("the program ran on a Python older than the minimum")
        } catch {
            #expect(error == .pythonTooOld(path: real.path, version: real.version!, minimum: .init(major: 99, minor: 0)))
            #expect(error.description.contains("needs Python 99.0.0 or newer"))
        }
        #expect(events.text(of: .stdout).isEmpty)
    }

    @Test func somethingThatIsNotPythonIsUnusable() throws {
        let fake = FileManager.default.temporaryDirectory.appendingPathComponent("mptutor-notpython-\(UUID())")
        try "#!/bin/sh\necho 'not python' >&2\nexit 2\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        defer { try? FileManager.default.removeItem(at: fake) }
        Runner.enableSubreaper()
        let runner = Runner(interpreter: try PythonInterpreter.find(explicit: fake.path, environment: [:]))
        #expect(throws: RunnerError.pythonUnusable(path: fake.path, detail: "exit 2, not python")) {
            try runner.run(Program(source: "print(1)\n"))
        }
    }

    @Test func aProgramThatFailsOnAGoodInterpreterIsNotAnInterpreterError() throws {
        Runner.enableSubreaper()
        let runner = Runner(interpreter: try foundInterpreter())
        let result = try runner.run(Program(source: "import sys\nsys.exit(3)\n"))
        #expect(result.termination == .exited(3))
        var skipping = RunOptions()
        skipping.interpreterOptions = ["-S"]
        let bare = try runner.run(Program(source: "import sys\nsys.exit(4)\n"), options: skipping)
        #expect(bare.termination == .exited(4))
    }
}
