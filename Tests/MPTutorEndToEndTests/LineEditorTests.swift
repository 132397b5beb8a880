import Foundation
import Testing

/// The line editor on a real pseudo-terminal, through the hidden
/// `mptutor line-editor-echo` command: keys go in as a terminal sends them,
/// and the echoed `got: <line>` shows what the editor returned.
@Suite("Line editor")
struct LineEditorTests {
    /// Arrow keys as an xterm sends them.
    static let up = "\u{1B}[A", left = "\u{1B}[D"

    @Test func aTypedLineComesBack() throws {
        let folder = try TemporaryFolder()
        let terminal = try startEcho(history: folder.path + "/history")
        try enter("hello world", on: terminal)
        try expect("got: hello world\n", on: terminal)
    }

    @Test func arrowUpRecallsThePreviousLines() throws {
        let folder = try TemporaryFolder()
        let terminal = try startEcho(history: folder.path + "/history")
        try enter("first", on: terminal)
        try expect("got: first\n", on: terminal)
        try enter("second", on: terminal)
        try expect("got: second\n", on: terminal)
        try enter(Self.up, on: terminal)
        try expect("got: second\n", on: terminal)
        // "second" again is an immediate duplicate: two ups reach "first".
        try enter(Self.up + Self.up, on: terminal)
        try expect("got: first\n", on: terminal)
    }

    @Test func tabCompletesAUniqueWordWithASpace() throws {
        let terminal = try startEcho()
        try enter("he\t", on: terminal)
        try expect("got: help \n", on: terminal)
        try enter("hel\t", on: terminal)
        try expect("got: help \n", on: terminal)
        try enter("运\t", on: terminal)
        try expect("got: 运行 \n", on: terminal)
    }

    @Test func tabCompletesTheLastWordAfterEarlierWords() throws {
        let terminal = try startEcho()
        try prompt(terminal)
        // "he" completes to "help "; then "l" is ambiguous (list, lesson).
        terminal.send("he\tl\t")
        try expect("lesson  list\n", on: terminal)
        try expect("echo> help l", on: terminal)
        terminal.send("i\t\r")
        try expect("got: help list \n", on: terminal)
    }

    @Test func tabListsSeveralCandidatesAndKeepsTheLine() throws {
        let terminal = try startEcho()
        try prompt(terminal)
        terminal.send("hi\t")
        try expect("hint     history\n", on: terminal)
        // The prompt and the partial line are drawn again below the list.
        try expect("echo> hi", on: terminal)
        terminal.send("s\t\r")
        try expect("got: history \n", on: terminal)
    }

    @Test func aResizedWindowIsPickedUpWhileEditing() throws {
        let terminal = try startEcho()
        try prompt(terminal)
        terminal.resize(columns: 20, rows: 30)
        // Tab on an empty line lists every word, in columns that fit 20.
        terminal.send("\t")
        try expect("help     list\nhint     quit\nhistory  运行\nlesson\n", on: terminal)
        try expect("echo> ", on: terminal)
        terminal.send("q\t\r")
        try expect("got: quit \n", on: terminal)
    }

    @Test func chineseRoundTripsAndEditsByWholeCharacters() throws {
        // No UTF-8 locale at all (as on many CI machines): the editor must
        // fall back to C.UTF-8 by itself.
        var environment = PseudoTerminal.defaultEnvironment
        for name in ["LANG", "LANGUAGE", "LC_CTYPE"] { environment[name] = nil }
        environment["LC_ALL"] = "C"
        let terminal = try startEcho(environment: environment)
        try enter("你好 世界", on: terminal)
        try expect("got: 你好 世界\n", on: terminal)
        // Left twice puts the cursor before 世; Backspace deletes the space.
        try enter("你好 世界" + Self.left + Self.left + "\u{7F}" + "天", on: terminal)
        try expect("got: 你好天世界\n", on: terminal)
    }

    @Test func ctrlCDiscardsAHalfTypedLineAndTheNextLineWorks() throws {
        let terminal = try startEcho()
        try prompt(terminal)
        terminal.send("half typed")
        try expect("half typed", on: terminal)
        terminal.send("\u{03}")
        try expect("^C\ninterrupted\n", on: terminal)
        try enter("next", on: terminal)
        try expect("got: next\n", on: terminal)
        #expect(!terminal.plainTranscript.contains("got: half"))
    }

    @Test func ctrlDOnAnEmptyLineEndsWithStatusZero() throws {
        let terminal = try startEcho()
        try prompt(terminal)
        terminal.send("\u{04}")
        try expect("bye\n", on: terminal)
        #expect(terminal.waitForExit(timeout: 10) == 0)
    }

    @Test func historyPersistsToTheNextSession() throws {
        let folder = try TemporaryFolder()
        // A folder that does not exist yet: saving creates it.
        let history = folder.path + "/state/mptutor/history"
        do {
            let first = try startEcho(history: history)
            try enter("remember me 记住", on: first)
            try expect("got: remember me 记住\n", on: first)
            try prompt(first)
            first.send("\u{04}")
            #expect(first.waitForExit(timeout: 10) == 0)
        }
        #expect(FileManager.default.fileExists(atPath: history))
        let second = try startEcho(history: history)
        try enter(Self.up, on: second)
        try expect("got: remember me 记住\n", on: second)
    }

    @Test func aCorruptHistoryFileIsIgnored() throws {
        let folder = try TemporaryFolder()
        let history = folder.path + "/history"
        var garbage = Array("_HiStOrY_V2_\n".utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4096 { garbage.append(UInt8.random(in: 0...255, using: &generator)) }
        try Data(garbage).write(to: URL(fileURLWithPath: history))
        let terminal = try startEcho(history: history)
        try enter("still works", on: terminal)
        try expect("got: still works\n", on: terminal)
        try prompt(terminal)
        terminal.send("\u{04}")
        #expect(terminal.waitForExit(timeout: 10) == 0)
    }

    @Test func withoutATerminalLinesAreReadPlainly() throws {
        // MPTutorBinary gives the program /dev/null as standard input.
        let output = try MPTutorBinary.run(["line-editor-echo"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "bye\n")
    }

    // MARK: - Helpers

    /// Starts `mptutor line-editor-echo` on a pseudo-terminal.
    private func startEcho(history: String? = nil,
                           environment: [String: String] = PseudoTerminal.defaultEnvironment) throws -> PseudoTerminal {
        var arguments = ["line-editor-echo"]
        if let history { arguments += ["--history", history] }
        return try PseudoTerminal(path: MPTutorBinary.path, arguments: arguments, environment: environment)
    }

    /// Waits for the prompt and for the editor to read keys (keys sent
    /// earlier would reach the terminal's line discipline instead).
    private func prompt(_ terminal: PseudoTerminal, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(terminal.waitFor("echo> ", timeout: 15) && terminal.waitForRawMode(timeout: 15),
                     "no prompt; transcript:\n\(terminal.plainTranscript)", sourceLocation: sourceLocation)
    }

    /// Types keys at the next prompt, then Enter.
    private func enter(_ keys: String, on terminal: PseudoTerminal,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        try prompt(terminal, sourceLocation: sourceLocation)
        terminal.send(keys + "\r")
    }

    /// Requires `text` to appear next in the plain transcript.
    private func expect(_ text: String, on terminal: PseudoTerminal,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(terminal.waitFor(text, timeout: 15),
                     "\(text.debugDescription) did not appear; after the last match:\n\(terminal.unconsumed)",
                     sourceLocation: sourceLocation)
    }
}
