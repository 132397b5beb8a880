/// The captured output again, each line after the pid of the process that
/// printed it (`run --pids`): `  4121 │ hello from 4121`, stderr lines
/// red and marked `← stderr`. A line written around `sys.stdout` is shown
/// under the stream's last tagged writer, `?` before any.
public enum PidColumn {
    /// Lines shown at most, and characters of each.
    public static let maxLines = 500
    public static let maxWidth = 200

    /// The lines with a pid column.
    public static func render(_ lines: [OutputLine]) -> [StyledText] {
        let width = max(5, lines.prefix(maxLines).map { $0.pid.map { String($0).count } ?? 1 }.max() ?? 0)
        var rendered = lines.prefix(maxLines).map { line -> StyledText in
            let pid = line.pid.map(String.init) ?? "?"
            let padded = String(repeating: " ", count: width - pid.count) + pid
            var text = Sanitizer.visible(line.text)
            if text.count > maxWidth { text = String(text.prefix(maxWidth)) + "…" }
            var row = StyledText("  " + padded + " │ ", .dim)
            if line.stream == .stderr {
                row.append(text, .error)
                row.append("  ← stderr", .dim)
            } else {
                row.append(text)
            }
            return row
        }
        if lines.count > maxLines {
            rendered.append(StyledText("  … \(lines.count - maxLines) more lines", .dim))
        }
        return rendered
    }
}
