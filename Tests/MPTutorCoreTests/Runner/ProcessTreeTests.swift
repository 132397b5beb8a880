import Foundation
import Testing

@testable import MPTutorCore

/// The record of a run's processes: who they were, who made them, how
/// they ended, drawn as a tree.
@Suite struct ProcessTreeTests {
    @Test func aForkedChildIsRecordedUnderItsParent() throws {
        let result = try runPython(
            """
            import os, time
            pid = os.fork()
            if pid == 0:
                print("child", os.getpid(), flush=True)
                time.sleep(0.05)
                os._exit(0)
            os.waitpid(pid, 0)
            print("parent", os.getpid())
            """)
        #expect(result.termination == .exited(0))
        let out = result.lines(of: .stdout)
        let parent = try #require(pid(after: "parent", in: out))
        let child = try #require(pid(after: "child", in: out))
        try #require(result.processes.count == 2, "\(result.processes)")
        let main = result.processes[0]
        #expect(main.isMain)
        #expect(main.pid == parent)
        #expect(main.description.hasPrefix("python"))
        #expect(main.description.hasSuffix(" main.py"))
        #expect(main.ending == .termination(.exited(0)))
        #expect(main.firstSeen < 0.1)
        let forked = result.processes[1]
        #expect(forked.pid == child)
        #expect(forked.parentPID == parent)
        #expect(forked.description == "forked child")
        #expect(forked.ending == .exited)
        #expect(!forked.isMain)
        #expect(ProcessTree.render(result.processes) == [
            "\(parent) \(main.description) — exit 0",
            "└─ \(child) forked child — exited",
        ])
    }

    @Test func spawnedChildrenAndTheResourceTrackerAreNamed() throws {
        let result = try runPython(
            """
            import multiprocessing as mp, os

            def work():
                print("worker", os.getpid(), flush=True)

            if __name__ == "__main__":
                mp.set_start_method("spawn")
                p = mp.Process(target=work)
                p.start()
                p.join()
            """)
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        let worker = try #require(pid(after: "worker", in: result.lines(of: .stdout)))
        let tree = ProcessTree.render(result.processes).joined(separator: "\n")
        let record = try #require(result.processes.first { $0.pid == worker }, "\(tree)")
        #expect(record.description == "spawned child", "\(tree)")
        #expect(record.parentPID == result.processes[0].pid)
        #expect(result.processes.contains { $0.description == "resource_tracker" }, "\(tree)")
    }

    @Test func forkserverChildrenHangBelowTheForkserver() throws {
        let result = try runPython(
            """
            import multiprocessing as mp, os, time

            def work():
                print("worker", os.getpid(), flush=True)
                time.sleep(0.05)

            if __name__ == "__main__":
                mp.set_start_method("forkserver")
                p = mp.Process(target=work)
                p.start()
                p.join()
            """)
        #expect(result.termination == .exited(0), "\(result.lines(of: .stderr))")
        let worker = try #require(pid(after: "worker", in: result.lines(of: .stdout)))
        let tree = ProcessTree.render(result.processes).joined(separator: "\n")
        let server = try #require(result.processes.first { $0.description == "forkserver" }, "\(tree)")
        let record = try #require(result.processes.first { $0.pid == worker }, "\(tree)")
        #expect(record.parentPID == server.pid, "\(tree)")
        #expect(record.description == "forked child", "\(tree)")
    }

    @Test func processesEndedAtTheTimeoutAreMarked() throws {
        let result = try runPython(
            """
            import os, time
            if os.fork() == 0:
                print("child", os.getpid(), flush=True)
                time.sleep(60)
            time.sleep(60)
            """, options: RunOptions(timeout: 0.5, killGrace: 0.2))
        #expect(result.timedOut)
        let child = try #require(pid(after: "child", in: result.lines(of: .stdout)))
        #expect(result.processes.first { $0.pid == child }?.ending == .endedByRunner)
        #expect(result.processes.first?.ending == .termination(.signaled(SIGTERM)))
        let lines = ProcessTree.render(result.processes)
        #expect(lines.last == "└─ \(child) forked child — ended by mptutor")
    }

    @Test func aChildThatExecsIsNamedByItsNewCommandLine() throws {
        let result = try runPython(
            """
            import os, time
            pid = os.fork()
            if pid == 0:
                time.sleep(0.1)
                os.execv("/bin/sleep", ["sleep", "0.3"])
            print("child", pid, flush=True)
            os.waitpid(pid, 0)
            """)
        #expect(result.termination == .exited(0))
        let child = try #require(pid(after: "child", in: result.lines(of: .stdout)))
        #expect(result.processes.first { $0.pid == child }?.description == "sleep 0.3",
            "\(ProcessTree.render(result.processes))")
    }

    // MARK: Drawing and naming

    @Test func rendersAnIndentedTreeWithOrphansApart() {
        let records = [
            ProcessRecord(pid: 10, parentPID: 1, description: "python3 main.py", firstSeen: 0,
                          ending: .termination(.exited(0)), isMain: true),
            ProcessRecord(pid: 11, parentPID: 10, description: "forked child", firstSeen: 0.01, ending: .exited),
            ProcessRecord(pid: 13, parentPID: 11, description: "forked child", firstSeen: 0.03, ending: .endedByRunner),
            ProcessRecord(pid: 12, parentPID: 10, description: "resource_tracker", firstSeen: 0.02,
                          ending: .endedByRunner),
            ProcessRecord(pid: 14, parentPID: 11, description: "forked child", firstSeen: 0.04, ending: .exited),
            ProcessRecord(pid: 20, parentPID: 1, description: "sleep 60", firstSeen: 0.5, ending: .endedByRunner),
        ]
        #expect(ProcessTree.render(records) == [
            "10 python3 main.py — exit 0",
            "├─ 11 forked child — exited",
            "│  ├─ 13 forked child — ended by mptutor",
            "│  └─ 14 forked child — exited",
            "└─ 12 resource_tracker — ended by mptutor",
            "20 sleep 60 (orphan) — ended by mptutor",
        ])
        #expect(ProcessTree.render([]) == [])
    }

    @Test func namesProcessesFromTheirCommandLines() {
        let work = "/tmp/mptutor-run-x/work"
        func describe(_ arguments: [String], parent: [String]? = nil) -> String {
            ProcessDescription.describe(arguments: arguments, parentArguments: parent, workDirectory: work)
        }
        let python = "/usr/bin/python3.11"
        #expect(describe([python, work + "/main.py", "--flag"]) == "python3.11 main.py --flag")
        #expect(describe([python, "-c", "from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5, pipe_handle=7)", "--multiprocessing-fork"]) == "spawned child")
        #expect(describe([python, "-B", "-c", "from multiprocessing.forkserver import main; main(8, 9, ['__main__'], **{})"]) == "forkserver")
        #expect(describe([python, "-c", "from multiprocessing.resource_tracker import main;main(6)"]) == "resource_tracker")
        #expect(describe([python, work + "/main.py"], parent: [python, work + "/main.py"]) == "forked child")
        let long = describe(["/bin/echo", String(repeating: "x", count: 100)])
        #expect(long.count == ProcessDescription.maximumLength)
        #expect(long.hasSuffix("…"))
    }

    @Test func parsesStatLinesWithAwkwardNames() throws {
        var fields = (3...52).map { String($0 * 10) }
        fields[0] = "S"  // state
        fields[1] = "100"  // ppid
        fields[2] = "-1"  // pgrp
        let line = "4242 (a (b) c) " + fields.joined(separator: " ") + "\n"
        let stat = try #require(ProcStat.parse(Array(line.utf8), pid: 4242))
        #expect(stat.state == UInt8(ascii: "S"))
        #expect(stat.ppid == 100)
        #expect(stat.pgid == -1)
        #expect(stat.cpuTicks == 140 + 150)
        #expect(stat.startTime == 220)
        #expect(stat.image == ProcStat.Image(startCode: 260, startStack: 280, argumentsStart: 480, argumentsEnd: 490))
        #expect(!stat.hasEnded)
        #expect(ProcStat.parse(Array("1 (x) S 2".utf8), pid: 1) == nil)
        // The real thing.
        let me = try #require(ProcStat.read(getpid()))
        #expect(me.ppid == getppid())
        #expect(me.image.isKnown)
    }
}
