import CLibEdit
import FoundationEssentials
import Glibc

/// What libedit's C callbacks need from the Swift side: the prompt text, the
/// completer, and the Ctrl-C flag. A `LineEditor` owns one and hands libedit
/// an unretained pointer to it (EL_CLIENTDATA); the callbacks are plain
/// global functions, as C function pointers must be.
final class LineEditorState {
    /// Given the text before the cursor, the candidates for its last word.
    let completer: (_ lineBeforeCursor: String) -> [String]
    /// Set by Ctrl-C: the line libedit returns is to be dropped.
    var interrupted = false
    /// The prompt as a C string, kept alive for libedit between calls.
    private(set) var prompt: UnsafeMutablePointer<CChar>

    /// - Parameter completer: The shell's completer.
    init(completer: @escaping (_ lineBeforeCursor: String) -> [String]) {
        self.completer = completer
        self.prompt = LineEditorState.copy("")
    }

    deinit { free(prompt) }

    /// Replaces the prompt libedit shows on the next read.
    func setPrompt(_ text: String) {
        let old = prompt
        prompt = LineEditorState.copy(text)
        free(old)
    }

    /// The state behind a libedit handle, if one was attached.
    static func of(_ editLine: OpaquePointer?) -> LineEditorState? {
        guard let editLine, let raw = shim_el_client_data(editLine) else { return nil }
        return Unmanaged<LineEditorState>.fromOpaque(raw).takeUnretainedValue()
    }

    /// A malloc'd C copy of `text` (strdup only fails when memory is gone).
    private static func copy(_ text: String) -> UnsafeMutablePointer<CChar> {
        guard let copy = strdup(text) else { fatalError("out of memory copying the prompt") }
        return copy
    }
}

/// libedit's prompt callback (EL_PROMPT_ESC): the current prompt.
func lineEditorPrompt(_ editLine: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    LineEditorState.of(editLine)?.prompt
}

/// Bound to Ctrl-C: flags the line as cancelled and ends it the way Enter
/// does, so that libedit leaves the cursor below it. `^C` is shown at the end
/// of the line first, as a shell does, so the user sees where it was cut.
func lineEditorInterrupt(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let editLine, let state = LineEditorState.of(editLine), let info = el_wline(editLine) else {
        return UInt8(CC_ERROR)
    }
    state.interrupted = true
    let toEnd = info.pointee.lastchar - info.pointee.cursor
    if toEnd > 0 { _ = el_cursor(editLine, Int32(clamping: toEnd)) }
    _ = LineEditor.wide("^C").withUnsafeBufferPointer { el_winsertstr(editLine, $0.baseAddress) }
    // A newline queued as input runs libedit's own ed-newline next, which
    // moves below a line that wraps over several rows.
    LineEditor.wide("\n").withUnsafeBufferPointer { el_wpush(editLine, $0.baseAddress) }
    return UInt8(CC_REFRESH)
}

/// Bound to Tab: asks the completer about the text before the cursor,
/// inserts what all candidates share, and lists them when several remain.
func lineEditorComplete(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let editLine, let state = LineEditorState.of(editLine), let info = el_wline(editLine) else {
        return UInt8(CC_ERROR)
    }
    let line = info.pointee
    let before = LineEditor.text(from: line.buffer, to: line.cursor)
    let spaceFollows = line.cursor < line.lastchar && LineEditor.scalar(line.cursor.pointee).properties.isWhitespace
    guard let completion = Completion.plan(lineBeforeCursor: before, candidates: state.completer(before),
                                           spaceAfterUnique: !spaceFollows) else {
        return UInt8(CC_REFRESH_BEEP)
    }
    if completion.deleteCount > 0 { el_deletestr(editLine, Int32(clamping: completion.deleteCount)) }
    if !completion.insert.isEmpty {
        _ = LineEditor.wide(completion.insert).withUnsafeBufferPointer { el_winsertstr(editLine, $0.baseAddress) }
    }
    guard !completion.listing.isEmpty else { return UInt8(CC_REFRESH) }

    // Below the line, then libedit redraws the prompt and line under the list.
    let columns = Int(shim_el_columns(editLine))
    let rows = Completion.columns(completion.listing, width: columns > 0 ? columns : 80)
    if let output = shim_el_output(editLine) {
        fputs("\n" + rows.joined(separator: "\n") + "\n", output)
        fflush(output)
    }
    return UInt8(CC_REDISPLAY)
}
