import Foundation
import Testing

/// The real shell on a real pseudo-terminal: keys typed as a terminal sends
/// them, the screen read back. Covers a command, history, completion, a
/// Chinese line, Ctrl-C during a running example and Ctrl-D.
@Suite("Interactive shell")
struct InteractiveShellTests {
    static let up = "\u{1B}[A", ctrlC = "\u{03}", ctrlD = "\u{04}"

    /// A course with one lesson whose example sleeps after printing pids.
    static let lesson = """
        ---
        id: sleepy
        title: A sleepy example
        order: 1
        summary: Prints its pids, then sleeps.
        ---

        ## Asleep

        The program starts a child and both sleep.

        ```python example timeout=60
        import multiprocessing as mp, os, time

        def nap():
            print("child", os.getpid(), flush=True)
            time.sleep(60)

        if __name__ == "__main__":
            p = mp.Process(target=nap)
            p.start()
            time.sleep(0.2)
            print("parent", os.getpid(), flush=True)
            time.sleep(60)
        ```

        ```expect
        child {{int}}
        parent {{int}}
        ```

        ### Quiz: a greeting

        Say hello in Chinese.

        - answer: `你好`
        - hint: two characters.
        """

    struct Shell {
        let terminal: PseudoTerminal
        let folder: TemporaryFolder

        func prompt(_ text: String = "sleepy 1/1> ", sourceLocation: SourceLocation = #_sourceLocation) throws {
            try #require(terminal.waitFor(text, timeout: 20) && terminal.waitForRawMode(timeout: 20),
                         "no prompt \(text.debugDescription); after the last match:\n\(terminal.unconsumed)",
                         sourceLocation: sourceLocation)
        }

        func expect(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try #require(terminal.waitFor(text, timeout: 20),
                         "\(text.debugDescription) did not appear; after the last match:\n\(terminal.unconsumed)",
                         sourceLocation: sourceLocation)
        }
    }

    private func start() throws -> Shell {
        let folder = try TemporaryFolder()
        try folder.write("01-sleepy.md", Self.lesson)
        var environment = PseudoTerminal.defaultEnvironment
        environment["XDG_STATE_HOME"] = folder.path + "/state"
        let terminal = try PseudoTerminal(
            path: MPTutorBinary.path, arguments: ["--lessons", folder.path], environment: environment)
        return Shell(terminal: terminal, folder: folder)
    }

    @Test func aCommandHistoryAndCompletion() throws {
        let shell = try start()
        try shell.expect("Press Enter (or type start) to begin")
        try shell.prompt("mptutor> ")
        shell.terminal.send("help\r")
        try shell.expect("Commands:")
        try shell.prompt("mptutor> ")
        // Arrow up recalls `help`.
        shell.terminal.send(Self.up + "\r")
        try shell.expect("Commands:")
        try shell.prompt("mptutor> ")
        // Tab completes the lesson id after `open`.
        shell.terminal.send("open sl\t\r")
        try shell.expect("Step 1 of 1: Asleep")
        try shell.prompt()
        shell.terminal.send("quit\r")
        try shell.expect("Bye.")
        #expect(shell.terminal.waitForExit(timeout: 20) == 0)
    }

    @Test func aChineseAnswerIsEditedAndJudged() throws {
        let shell = try start()
        try shell.prompt("mptutor> ")
        shell.terminal.send("open sleepy\r")
        try shell.prompt()
        // Type 你们, delete 们 with Backspace, type 好: the answer is 你好.
        shell.terminal.send("answer 你们\u{7F}好\r")
        try shell.expect("✓ Right.")
        try shell.prompt()
        shell.terminal.send(Self.ctrlD)
        try shell.expect("Bye.")
        #expect(shell.terminal.waitForExit(timeout: 20) == 0)
    }

    @Test func ctrlCEndsTheRunningExampleAndEveryProcessOfIt() throws {
        let shell = try start()
        try shell.prompt("mptutor> ")
        shell.terminal.send("open sleepy\r")
        try shell.prompt()
        shell.terminal.send("run\r")
        try shell.expect("parent ")
        shell.terminal.send(Self.ctrlC)
        try shell.expect("interrupted")
        try shell.prompt()
        let text = shell.terminal.plainTranscript
        let pids = ["child ", "parent "].compactMap { label -> Int32? in
            guard let range = text.range(of: #"\#(label)\d+"#, options: .regularExpression) else { return nil }
            return Int32(text[range].dropFirst(label.count))
        }
        #expect(pids.count == 2, "both pids printed:\n\(text)")
        for pid in pids {
            var alive = processIsAlive(pid)
            for _ in 0..<40 where alive {
                usleep(50_000)
                alive = processIsAlive(pid)
            }
            #expect(!alive, "process \(pid) of the run survived Ctrl-C")
        }
        // The shell is still there and answers.
        shell.terminal.send("help run\r")
        try shell.expect("run  run this step's example live")
        try shell.prompt()
        shell.terminal.send("quit\r")
        #expect(shell.terminal.waitForExit(timeout: 20) == 0)
    }

    @Test func ctrlCAtThePromptClearsTheLine() throws {
        let shell = try start()
        try shell.prompt("mptutor> ")
        shell.terminal.send("lessons with a typo" + Self.ctrlC)
        try shell.prompt("mptutor> ")
        shell.terminal.send("lessons\r")
        try shell.expect("sleepy")
        try shell.prompt("mptutor> ")
        shell.terminal.send(Self.ctrlD)
        #expect(shell.terminal.waitForExit(timeout: 20) == 0)
    }
}
