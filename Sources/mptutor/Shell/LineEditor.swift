import CLibEdit
import FoundationEssentials
import Glibc
import MPTutorCore

/// What one read gave: the shell loop needs to tell a typed line from a
/// cancelled one and from the end of input.
enum LineEditorResult: Equatable {
    /// A line the user entered, without its newline (possibly empty).
    case line(String)
    /// Ctrl-C at the prompt: the half-typed line was discarded.
    case interrupted
    /// Ctrl-D on an empty line (or the terminal went away).
    case endOfInput
}

/// The shell's line editor, over libedit: emacs key bindings, history on
/// the arrow keys (kept in a file between sessions), Tab completion, and
/// wide-character editing so that Chinese text moves and deletes by whole
/// characters.
///
/// Only for a terminal: `init` returns nil when standard input is not one
/// and the caller reads plain lines instead. Use one instance at a time,
/// from one thread: libedit's terminal state is per process.
final class LineEditor {
    /// The libedit handle (`EditLine *`).
    private let editLine: OpaquePointer
    /// The wide history (`HistoryW *`) that arrow up and down walk.
    private let history: OpaquePointer
    /// What the C callbacks need; reached from them through EL_CLIENTDATA.
    private let state: LineEditorState
    /// Where history is loaded from and saved to, if anywhere.
    private let historyFile: String?

    /// Sets up libedit on the terminal and loads the history.
    ///
    /// Also switches `LC_CTYPE` to the user's locale, or to `C.UTF-8` when
    /// that is not UTF-8: libedit decodes input with the C locale, and
    /// under a non-UTF-8 one Chinese input comes back empty.
    ///
    /// - Parameters:
    ///   - historyFile: The history file (libedit's format); nil keeps
    ///     history for this session only. A missing, unreadable or corrupt
    ///     file gives an empty history, never an error.
    ///   - historySize: The most lines kept.
    ///   - completer: Given the text before the cursor, the full words the
    ///     last (partial) word may complete to; called on Tab.
    /// - Returns: nil when standard input is not a terminal (or libedit
    ///   cannot start), so the caller reads plain lines.
    init?(historyFile: String?, historySize: Int = 1000,
          completer: @escaping (_ lineBeforeCursor: String) -> [String]) {
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        LineEditor.useUTF8Locale()
        guard let editLine = shim_el_init("mptutor") else { return nil }
        guard let history = history_winit() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.history = history
        self.historyFile = historyFile
        self.state = LineEditorState(completer: completer)

        _ = shim_history_set_size(history, Int32(clamping: max(1, historySize)))
        _ = shim_history_set_unique(history, 1)
        _ = shim_el_set_client_data(editLine, Unmanaged.passUnretained(state).toOpaque())
        _ = shim_el_set_editor(editLine, "emacs")
        // libedit restores the terminal on signals and re-wraps the line on
        // SIGWINCH. It re-raises other signals with kill(0, sig), which is
        // safe here: the runner puts examples in their own process groups.
        _ = shim_el_set_signal(editLine, 1)
        // Ctrl-C as a key while editing (the terminal's ISIG is off in
        // libedit's edit mode only; it is back on while an example runs).
        _ = shim_el_setty(editLine, "-d", "-isig")
        _ = shim_el_set_prompt(editLine, lineEditorPrompt, LineEditor.invisibleMarker)
        _ = shim_el_set_history(editLine, history)
        _ = shim_el_add_function(editLine, "mpt-interrupt", "Discard the line", lineEditorInterrupt)
        _ = shim_el_bind(editLine, "^C", "mpt-interrupt")
        _ = shim_el_add_function(editLine, "mpt-complete", "Complete the word before the cursor", lineEditorComplete)
        _ = shim_el_bind(editLine, "^I", "mpt-complete")
        // What bash users reach for beyond libedit's emacs defaults.
        _ = shim_el_bind(editLine, "^R", "em-inc-search-prev")
        _ = shim_el_bind(editLine, "\\e[1;5D", "ed-prev-word")
        _ = shim_el_bind(editLine, "\\e[1;5C", "em-next-word")
        _ = shim_el_bind(editLine, "\\e[3~", "ed-delete-next-char")

        loadHistory()
    }

    /// Ends libedit (which puts the terminal back as it found it) and frees
    /// the history. History is not saved here: call `saveHistory()`.
    deinit {
        el_end(editLine)
        history_wend(history)
    }

    /// The character that brackets invisible runs in a prompt: write
    /// `"\u{1}\u{1B}[1m\u{1}mpt>\u{1}\u{1B}[0m\u{1} "` so that libedit does
    /// not count escape sequences as columns.
    static let invisibleMarker: CChar = 1

    /// Reads one line with editing, history and completion.
    ///
    /// - Parameter prompt: Shown before the line; may hold escape
    ///   sequences bracketed by `invisibleMarker`.
    /// - Returns: The line, `.interrupted` after Ctrl-C (the line is
    ///   dropped and the cursor is on a fresh line), or `.endOfInput`
    ///   after Ctrl-D on an empty line (also on a fresh line).
    func readLine(prompt: String) -> LineEditorResult {
        state.setPrompt(prompt)
        state.interrupted = false
        var count: Int32 = 0
        let raw = el_wgets(editLine, &count)
        if state.interrupted { return .interrupted }
        guard let raw, count > 0 else {
            // A signal that interrupts the read (SIGINT sent with kill, not
            // typed) gives -1 and EINTR: treat it as Ctrl-C.
            let interruptedBySignal = count < 0 && shim_errno() == EINTR
            write("\n")
            return interruptedBySignal ? .interrupted : .endOfInput
        }
        var scalars = String.UnicodeScalarView()
        for index in 0..<Int(count) { scalars.append(LineEditor.scalar(raw[index])) }
        var line = String(scalars)
        while let last = line.unicodeScalars.last, last == "\n" || last == "\r" {
            line.unicodeScalars.removeLast()
        }
        return .line(line)
    }

    /// Adds a line to the history that arrow up recalls. Blank lines are
    /// skipped, and so is a repeat of the newest entry (H_SETUNIQUE), also
    /// across sessions.
    func addToHistory(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        let wide = LineEditor.wide(line)
        _ = wide.withUnsafeBufferPointer { shim_history_enter(history, $0.baseAddress) }
    }

    /// Writes the history to `historyFile`, creating its folder. Failures
    /// are ignored: losing history must never stop the shell. The file is
    /// written beside the old one and renamed over it, so a crash midway
    /// leaves the old history.
    func saveHistory() {
        guard let historyFile, !historyFile.isEmpty else { return }
        let folder = historyFile.pathParent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let temporary = historyFile + ".tmp-\(getpid())"
        if shim_history_save(history, temporary) >= 0, rename(temporary, historyFile) == 0 { return }
        unlink(temporary)
    }

    // MARK: - Internals

    /// Loads `historyFile`; anything but a clean load leaves the history
    /// empty (a half-read corrupt file is not worth keeping).
    private func loadHistory() {
        guard let historyFile, !historyFile.isEmpty else { return }
        var status = stat()
        guard stat(historyFile, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return }
        if shim_history_load(history, historyFile) < 0 {
            _ = shim_history_clear(history)
        }
    }

    /// Writes to the terminal through libedit's own output stream, so the
    /// text keeps its place among what libedit has written.
    private func write(_ text: String) {
        guard let output = shim_el_output(editLine) else { return }
        fputs(text, output)
        fflush(output)
    }

    /// Makes `LC_CTYPE` a UTF-8 locale: the user's if it is one, else
    /// `C.UTF-8` (built into glibc), since many machines and CI runs have no
    /// `LANG` at all.
    private static func useUTF8Locale() {
        setlocale(LC_CTYPE, "")
        if !isUTF8(String(cString: shim_codeset())) {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// Whether a codeset name ("UTF-8", "utf8") is UTF-8.
    private static func isUTF8(_ codeset: String) -> Bool {
        codeset.uppercased().replacing("-", with: "") == "UTF8"
    }

    /// A Swift string as a NUL-terminated `wchar_t` array (UTF-32 on Linux).
    static func wide(_ text: String) -> [wchar_t] {
        text.unicodeScalars.map { wchar_t(truncatingIfNeeded: $0.value) } + [0]
    }

    /// One `wchar_t` as a scalar (U+FFFD if it is not one).
    static func scalar(_ character: wchar_t) -> Unicode.Scalar {
        Unicode.Scalar(UInt32(truncatingIfNeeded: character)) ?? "\u{FFFD}"
    }

    /// The text between two points of libedit's wide line buffer.
    static func text(from start: UnsafePointer<wchar_t>, to end: UnsafePointer<wchar_t>) -> String {
        var scalars = String.UnicodeScalarView()
        var pointer = start
        while pointer < end {
            scalars.append(scalar(pointer.pointee))
            pointer += 1
        }
        return String(scalars)
    }
}
