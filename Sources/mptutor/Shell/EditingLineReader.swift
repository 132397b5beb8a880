import FoundationEssentials

/// The terminal's reader: libedit with history, completion and wide
/// characters, through `LineEditor`.
final class EditingLineReader: LineReader {
    private let editor: LineEditor

    /// nil when standard input is not a terminal.
    init?(historyFile: String?, completer: @escaping (String) -> [String]) {
        guard let editor = LineEditor(historyFile: historyFile, completer: completer) else { return nil }
        self.editor = editor
    }

    func read(prompt: String) -> LineReadResult {
        switch editor.readLine(prompt: prompt) {
        case .line(let line): return .line(line)
        case .interrupted: return .interrupted
        case .endOfInput: return .endOfInput
        }
    }

    func remember(_ line: String) {
        editor.addToHistory(line)
    }

    func close() {
        editor.saveHistory()
    }
}
