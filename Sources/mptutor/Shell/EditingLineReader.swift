import Foundation

/// The terminal's reader. Until the libedit editor lands, it prints the
/// prompt and reads plain lines.
final class EditingLineReader: LineReader {
    init?(historyFile: String?, completer: @escaping (String) -> [String]) {}

    func read(prompt: String) -> LineReadResult {
        FileHandle.standardOutput.write(Data(prompt.utf8))
        guard let line = readLine(strippingNewline: true) else { return .endOfInput }
        return .line(line)
    }
}
