import Foundation

/// Renders the small part of Markdown that lessons use (paragraphs,
/// headings, lists, block quotes, fenced code, `code` and **bold**) as
/// styled lines wrapped to a width, for a terminal or a transcript.
public struct MarkdownRenderer: Sendable {
    /// Columns to wrap prose at.
    public var width: Int

    /// - Parameter width: wrap width in columns (at least 20).
    public init(width: Int = 80) {
        self.width = max(20, width)
    }

    /// Renders Markdown text.
    public func render(_ markdown: String) -> [StyledText] {
        var out: [StyledText] = []
        var paragraph: [String] = []
        var paragraphIndent = ""
        var inFence: Fence?
        func flush() {
            guard !paragraph.isEmpty else { return }
            out += wrap(inline(paragraph.joined(separator: " ")), indent: paragraphIndent)
            paragraph = []
            paragraphIndent = ""
        }
        for line in markdown.components(separatedBy: "\n") {
            if let fence = inFence {
                if fence.isClosed(by: line) {
                    inFence = nil
                } else {
                    out.append(StyledText("    " + fence.dedent(line), .code))
                }
                continue
            }
            if let fence = Fence(opening: line) {
                flush()
                inFence = fence
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                flush()
                if out.last.map({ !$0.description.isEmpty }) ?? false { out.append(StyledText()) }
                continue
            }
            if trimmed.hasPrefix("#") {
                flush()
                let title = trimmed.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                out.append(StyledText(title, .heading))
                continue
            }
            if trimmed.hasPrefix("|") {
                flush()
                out.append(inline(trimmed))
                continue
            }
            if let marker = listMarker(trimmed) {
                flush()
                paragraph = [String(trimmed.dropFirst(marker.count))]
                let indent = String(repeating: " ", count: line.prefix { $0 == " " }.count)
                out += wrap(inline("  " + indent + marker + paragraph[0]), indent: indent + "  " + String(repeating: " ", count: marker.count))
                paragraph = []
                continue
            }
            if trimmed.hasPrefix(">") {
                flush()
                out += wrap(inline(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)), indent: "  │ ", first: "  │ ")
                continue
            }
            paragraph.append(trimmed)
        }
        flush()
        while out.last?.description.isEmpty == true { out.removeLast() }
        return out
    }

    private func listMarker(_ line: String) -> String? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return "• " }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") { return digits + ". " }
        return nil
    }

    /// `code` and **bold** spans.
    func inline(_ text: String) -> StyledText {
        var out = StyledText()
        var plain = ""
        var rest = Substring(text)
        while let first = rest.first {
            if first == "`", let close = rest.dropFirst().firstIndex(of: "`") {
                if !plain.isEmpty { out.append(plain); plain = "" }
                out.append(String(rest[rest.index(after: rest.startIndex)..<close]), .code)
                rest = rest[rest.index(after: close)...]
            } else if rest.hasPrefix("**"), let close = rest.dropFirst(2).range(of: "**") {
                if !plain.isEmpty { out.append(plain); plain = "" }
                out.append(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]), .emphasis)
                rest = rest[close.upperBound...]
            } else {
                plain.append(first)
                rest = rest.dropFirst()
            }
        }
        if !plain.isEmpty { out.append(plain) }
        return out
    }

    /// Word-wraps styled text, keeping each word's style.
    func wrap(_ text: StyledText, indent: String, first: String? = nil) -> [StyledText] {
        var lines: [StyledText] = []
        var current = StyledText(first ?? indent)
        var column = DisplayWidth.of(first ?? indent)
        var lineHasWord = false
        for span in text.spans {
            let words = span.text.split(separator: " ", omittingEmptySubsequences: false)
            for (index, word) in words.enumerated() {
                if index > 0 {
                    // A space between words, or a break.
                    let next = words[index...].first { !$0.isEmpty }.map { DisplayWidth.of($0) } ?? 0
                    if column + 1 + next > width, lineHasWord {
                        lines.append(current)
                        current = StyledText(indent)
                        column = DisplayWidth.of(indent)
                        lineHasWord = false
                    } else if lineHasWord {
                        current.append(" ", span.style == .code ? .code : .plain)
                        column += 1
                    }
                }
                if word.isEmpty { continue }
                let wordWidth = DisplayWidth.of(word)
                if column + wordWidth > width, lineHasWord, index == 0 {
                    lines.append(current)
                    current = StyledText(indent)
                    column = DisplayWidth.of(indent)
                }
                current.append(String(word), span.style)
                column += wordWidth
                lineHasWord = true
            }
        }
        if lineHasWord { lines.append(current) }
        return lines
    }
}
