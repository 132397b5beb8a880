import FoundationEssentials
import Glibc
import MPTutorCore

/// Where the command line writes, and whether it may use colour: only on a
/// terminal, and never when `NO_COLOR` is set (https://no-color.org).
struct Console: Sendable {
    /// Whether escape sequences are written.
    let colors: Bool
    /// The width to wrap at.
    let width: Int

    /// How the user asked for colour.
    enum ColorChoice: String, CaseIterable, Sendable {
        case auto, always, never
    }

    init(choice: ColorChoice = .auto, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let terminal = isatty(STDOUT_FILENO) == 1
        switch choice {
        case .always: colors = true
        case .never: colors = false
        case .auto: colors = terminal && environment["NO_COLOR"].map(\.isEmpty) != false && environment["TERM"] != "dumb"
        }
        width = Console.terminalWidth(environment: environment)
    }

    static func terminalWidth(environment: [String: String]) -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return min(Int(size.ws_col), 100)
        }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return min(columns, 100) }
        return 80
    }

    /// The ANSI form of styled text (or plain text without colour).
    func format(_ text: StyledText) -> String {
        guard colors else { return text.description }
        return text.spans.map { span in
            let code = ANSIStyle.code(for: span.style)
            return code.isEmpty ? span.text : "\u{1B}[\(code)m\(span.text)\u{1B}[0m"
        }.joined()
    }

    /// Writes one line to standard output.
    func line(_ text: StyledText = StyledText()) {
        write(format(text) + "\n")
    }

    /// Writes lines to standard output.
    func lines(_ texts: [StyledText]) {
        write(texts.map { format($0) + "\n" }.joined())
    }

    /// Writes raw text to standard output, unbuffered so that live output
    /// appears as it comes.
    func write(_ text: String) {
        Self.writeAll(STDOUT_FILENO, text)
    }

    /// Writes a line to standard error.
    func error(_ text: StyledText) {
        Self.writeAll(STDERR_FILENO, format(text) + "\n")
    }

    /// `write(2)` until all of `text` is out (a pipe may take it in
    /// pieces); an error (a closed terminal) drops the rest.
    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// SGR codes for each style.
enum ANSIStyle {
    static func code(for style: StyledText.Style) -> String {
        switch style {
        case .plain: return ""
        case .heading: return "1;36"
        case .error: return "1;31"
        case .success: return "1;32"
        case .location: return "1"
        case .emphasis: return "1"
        case .dim: return "2"
        case .marker: return "1;33"
        case .code: return "33"
        }
    }
}
