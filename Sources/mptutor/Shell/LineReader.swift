import FoundationEssentials

/// What one read gave.
enum LineReadResult: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line was discarded.
    case interrupted
    /// Ctrl-D, or the end of piped input.
    case endOfInput
}

/// Reads the learner's lines: through libedit on a terminal (history,
/// completion, wide characters), as plain lines otherwise, with no prompt
/// and no escape sequences, which is how scripts and transcripts drive the
/// shell.
protocol LineReader: AnyObject {
    func read(prompt: String) -> LineReadResult
    /// Adds a line to the history.
    func remember(_ line: String)
    /// Saves the history.
    func close()
}

extension LineReader {
    func remember(_ line: String) {}
    func close() {}
}

/// Picks the reader for the input at hand.
enum LineReaders {
    static func make(interactive: Bool, historyFile: String?, completer: @escaping (String) -> [String]) -> any LineReader {
        if interactive, let editor = EditingLineReader(historyFile: historyFile, completer: completer) { return editor }
        return PlainLineReader()
    }
}

/// Plain lines from standard input.
final class PlainLineReader: LineReader {
    func read(prompt: String) -> LineReadResult {
        guard let line = readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }
}
