import Foundation
import Testing

@testable import MPTutorCore

/// Standard input: given text, none at all, more than a pipe holds.
@Suite struct RunnerInputTests {
    @Test func readsTheGivenText() throws {
        let result = try runPython(
            """
            import sys
            name = input()
            print("hello", name)
            print(sys.stdin.read().upper(), end="")
            """, options: RunOptions(stdin: "Ada\nrest of\ninput\n"))
        #expect(result.termination == .exited(0))
        #expect(result.lines(of: .stdout) == ["hello Ada", "REST OF", "INPUT"])
    }

    @Test func noInputIsEndOfFileAtOnce() throws {
        let result = try runPython(
            """
            try:
                input("name? ")
            except EOFError:
                print("EOF")
            """, options: RunOptions(timeout: 5))
        #expect(result.lines(of: .stdout) == ["name? EOF"])
        #expect(!result.timedOut)
    }

    @Test func emptyInputIsEndOfFileToo() throws {
        let result = try runPython(
            "import sys\nprint(repr(sys.stdin.read()))\n", options: RunOptions(timeout: 5, stdin: ""))
        #expect(result.lines(of: .stdout) == ["''"])
    }

    @Test func feedsMoreThanAPipeHoldsWhileDrainingOutput() throws {
        let lines = (0..<20_000).map { String(format: "%05d ", $0) + String(repeating: "z", count: 90) }
        let result = try runPython(
            """
            import sys
            for line in sys.stdin:
                sys.stdout.write(line)
            """, options: RunOptions(captureLimit: 4 << 20, stdin: lines.joined(separator: "\n") + "\n"))
        #expect(result.termination == .exited(0))
        #expect(result.lines(of: .stdout) == lines)
    }

    @Test func inputNobodyReadsDoesNotHurt() throws {
        let result = try runPython(
            "print('not reading')\n",
            options: RunOptions(stdin: String(repeating: "data\n", count: 400_000)))
        #expect(result.termination == .exited(0))
        #expect(result.lines(of: .stdout) == ["not reading"])
    }
}
