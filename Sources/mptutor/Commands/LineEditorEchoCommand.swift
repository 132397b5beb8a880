import ArgumentParser

/// `mptutor line-editor-echo` (hidden): the line editor alone, so end-to-end
/// tests can drive it on a pseudo-terminal before the shell exists. Echoes
/// each line as `got: <line>`, says `interrupted` on Ctrl-C and `bye` on
/// Ctrl-D.
struct LineEditorEchoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "line-editor-echo",
        abstract: "Echo lines read with the line editor (for tests).",
        shouldDisplay: false)

    /// Where history is kept between runs (none when absent).
    @Option(help: ArgumentHelp("The history file.", valueName: "path"))
    var history: String?

    /// The fixed words Tab completes from.
    static let words = ["help", "hint", "history", "list", "lesson", "quit", "运行"]

    /// Reads and echoes lines until end of input; saves the history then.
    func run() throws {
        guard let editor = LineEditor(historyFile: history, completer: LineEditorEchoCommand.complete) else {
            // Not a terminal: plain lines, as the shell will read them.
            while let line = Swift.readLine() { print("got: \(line)") }
            print("bye")
            return
        }
        defer { editor.saveHistory() }
        while true {
            switch editor.readLine(prompt: "echo> ") {
            case .line(let line):
                editor.addToHistory(line)
                print("got: \(line)")
            case .interrupted:
                print("interrupted")
            case .endOfInput:
                print("bye")
                return
            }
        }
    }

    /// The words that start with the last word before the cursor.
    static func complete(_ lineBeforeCursor: String) -> [String] {
        let partial = Completion.lastWord(of: lineBeforeCursor)
        return words.filter { $0.hasPrefix(partial) }
    }
}
