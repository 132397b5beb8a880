import Foundation
import Testing

@testable import MPTutorCore

/// `RunOptions.tagProcesses`: each captured line names the process that
/// printed it, and nothing else changes.
@Suite struct ProcessTaggingTests {
    /// The parent, three forked children and three spawned ones each print
    /// a line on both streams naming themselves.
    static let manyWriters = """
        import multiprocessing as mp, os, sys

        def hello():
            print(f"hello from {os.getpid()}")
            print(f"hello from {os.getpid()}", file=sys.stderr)

        if __name__ == "__main__":
            hello()
            children = []
            for _ in range(3):
                pid = os.fork()
                if pid == 0:
                    hello()
                    sys.stdout.flush()
                    os._exit(0)
                children.append(pid)
            for pid in children:
                os.waitpid(pid, 0)
            ctx = mp.get_context("spawn")
            ps = [ctx.Process(target=hello) for _ in range(3)]
            for p in ps: p.start()
            for p in ps: p.join()
        """

    /// A line with its pids replaced, to compare two runs.
    static func normalized(_ lines: [OutputLine]) -> [String] {
        lines.map { "\($0.stream) " + $0.text.replacing(/\d+/, with: "N") }.sorted()
    }

    @Test func eachLineNamesTheProcessThatPrintedIt() throws {
        let log = EventLog()
        let tagged = try runPython(Self.manyWriters, options: RunOptions(tagProcesses: true), onEvent: log.handler)
        let plain = try runPython(Self.manyWriters)
        #expect(tagged.termination == .exited(0))
        #expect(tagged.lines.count == 14)
        #expect(Self.normalized(tagged.lines) == Self.normalized(plain.lines))
        for line in tagged.lines {
            #expect(line.pid != nil && line.text == "hello from \(line.pid!)", "\(line)")
        }
        #expect(Set(tagged.lines.compactMap(\.pid)).count == 7)
        // What was streamed has no markers either.
        for stream in [MPTutorCore.OutputStream.stdout, .stderr] {
            let streamed = log.text(of: stream)
            #expect(!streamed.contains("\u{1E}") && !streamed.contains("\u{1F}"))
            #expect(streamed.split(separator: "\n").map(String.init).sorted() == tagged.lines(of: stream).sorted())
        }
        #expect(plain.lines.allSatisfy { $0.pid == nil })
    }

    @Test func blockBufferingStillShowsTheForkCopiedBufferTwice() throws {
        let program = """
            import os
            print("x")
            pid = os.fork()
            if pid:
                os.waitpid(pid, 0)
            """
        let result = try runPython(program, options: RunOptions(buffering: .block, tagProcesses: true))
        #expect(result.lines(of: .stdout) == ["x", "x"])
        let pids = result.lines.compactMap(\.pid)
        #expect(pids.count == 2 && pids[0] != pids[1])
    }

    @Test(arguments: OutputBuffering.allCases)
    func everyBufferingModePrintsTheSame(mode: OutputBuffering) throws {
        let program = """
            import os, sys
            print("a", "b", os.getpid())
            sys.stdout.write("no newline yet ")
            sys.stdout.flush()
            print("then newline", os.getpid())
            print("é ☃ 汉", os.getpid(), file=sys.stderr)
            print(type(sys.stdout).__name__, sys.stdout.encoding, sys.stdout.line_buffering,
                  sys.stdout.write_through, sys.stdout.isatty(), sys.stdout.fileno(),
                  sys.stderr.errors, sys.__stdout__ is sys.stdout)
            """
        let tagged = try runPython(program, options: RunOptions(buffering: mode, tagProcesses: true))
        let plain = try runPython(program, options: RunOptions(buffering: mode))
        #expect(Self.normalized(tagged.lines) == Self.normalized(plain.lines))
        #expect(tagged.lines.count == 4)
        #expect(tagged.lines.allSatisfy { $0.pid != nil })
    }

    @Test func writesAroundSysStdoutCountAsTheLastWriters() throws {
        let program = """
            import os
            os.write(1, b"raw first\\n")
            print("tagged", os.getpid())
            os.write(1, b"raw after\\n")
            """
        let result = try runPython(program, options: RunOptions(tagProcesses: true))
        #expect(result.lines(of: .stdout).map { $0.replacing(/\d+/, with: "N") } == ["raw first", "tagged N", "raw after"])
        #expect(result.lines[0].pid == nil)
        #expect(result.lines[1].pid != nil && result.lines[2].pid == result.lines[1].pid)
    }

    @Test func aSubprocessWhoseOutputIsCapturedSeesItUnchanged() throws {
        let program = """
            import subprocess, sys
            done = subprocess.run([sys.executable, "-c", "print(42)"], capture_output=True, text=True)
            print("captured", repr(done.stdout))
            subprocess.run([sys.executable, "-c", "print('straight through')"])
            """
        let result = try runPython(program, options: RunOptions(tagProcesses: true))
        #expect(result.lines(of: .stdout) == ["captured '42\\n'", "straight through"])
        #expect(result.lines.allSatisfy { $0.pid != nil })
    }

    @Test func offByDefaultAndNothingChanges() throws {
        let result = try runPython("""
            import os, sys
            print(os.environ.get("MPTUTOR_TAG"), type(sys.stdout.buffer.raw).__name__)
            """, options: RunOptions(environment: ["MPTUTOR_TAG": "1"]))
        #expect(result.lines(of: .stdout) == ["None FileIO"])
        #expect(result.lines.allSatisfy { $0.pid == nil })
        #expect(RunOptions().tagProcesses == false)
    }

    // MARK: The stripper and the capture, on bytes

    static func strip(_ chunks: [[UInt8]]) -> (text: [UInt8], lines: [OutputLine]) {
        var stripper = ProcessMarkerStripper()
        var capture = OutputCapture(limit: 1 << 20)
        var text: [UInt8] = []
        for chunk in chunks {
            let result = chunk.withUnsafeBytes { stripper.strip($0) }
            text += result.text
            result.text.withUnsafeBytes { bytes in
                for segment in result.segments {
                    capture.append(UnsafeRawBufferPointer(rebasing: bytes[segment.range]), from: .stdout, at: 0, pid: segment.pid)
                }
            }
        }
        let rest = stripper.finish()
        text += rest
        rest.withUnsafeBytes { capture.append($0, from: .stdout, at: 0, pid: stripper.currentPID) }
        capture.finish(at: 0)
        return (text, capture.lines)
    }

    @Test func markersCutAtEveryPointAreStillTakenOut() {
        let stream = Array("\u{1E}12\u{1F}one\ntw\u{1E}345\u{1F}o\n\u{1E}6\u{1F}\u{1E}7\u{1F}three\nfour".utf8)
        let whole = Self.strip([stream])
        #expect(whole.text == Array("one\ntwo\nthree\nfour".utf8))
        #expect(whole.lines.map(\.pid) == [12, 12, 7, 7])
        for cut in 0...stream.count {
            let split = Self.strip([Array(stream[..<cut]), Array(stream[cut...])])
            #expect(split.text == whole.text && split.lines == whole.lines, "cut at \(cut)")
        }
    }

    @Test func aSeparatorThatIsNoMarkerStaysText() {
        let stream = Array("a\u{1E}b\u{1E}\u{1E}9\u{1F}c\u{1E}12x\u{1E}\u{1F}\u{1E}12345678901\u{1F}\n\u{1E}4".utf8)
        let expected = Array("a\u{1E}b\u{1E}c\u{1E}12x\u{1E}\u{1F}\u{1E}12345678901\u{1F}\n\u{1E}4".utf8)
        for cut in 0...stream.count {
            let result = Self.strip([Array(stream[..<cut]), Array(stream[cut...])])
            #expect(result.text == expected, "cut at \(cut)")
            #expect(result.lines.map(\.pid) == [nil, 9], "cut at \(cut)")
        }
    }
}
