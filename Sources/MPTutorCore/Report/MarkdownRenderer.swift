import FoundationEssentials

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
        // The paragraph or list item being gathered, with its first-line
        // prefix and the hanging indent of its continuation lines.
        var paragraph: [String] = []
        var prefix = ""
        var hanging = ""
        var inFence: Fence?
        func flush() {
            guard !paragraph.isEmpty else { return }
            out += wrap(inline(paragraph.joined(separator: " ")), indent: hanging, first: prefix)
            paragraph = []
            prefix = ""
            hanging = ""
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
            let trimmed = line.trimmingWhitespace
            if trimmed.isEmpty {
                flush()
                if out.last.map({ !$0.description.isEmpty }) ?? false { out.append(StyledText()) }
                continue
            }
            if trimmed.hasPrefix("#") {
                flush()
                let title = trimmed.drop { $0 == "#" }.trimmingWhitespace
                out.append(StyledText(title, .heading))
                continue
            }
            if trimmed.hasPrefix("|") {
                flush()
                out.append(inline(trimmed))
                continue
            }
            if let (marker, rest) = listItem(trimmed) {
                flush()
                let indent = String(repeating: " ", count: line.prefix { $0 == " " }.count)
                prefix = "  " + indent + marker
                hanging = String(repeating: " ", count: DisplayWidth.of(prefix))
                paragraph = [rest]
                continue
            }
            if trimmed.hasPrefix(">") {
                flush()
                prefix = "  │ "
                hanging = "  │ "
                paragraph = [String(trimmed.dropFirst()).trimmingWhitespace]
                continue
            }
            paragraph.append(trimmed)
        }
        flush()
        while out.last?.description.isEmpty == true { out.removeLast() }
        return out
    }

    private func listItem(_ line: String) -> (marker: String, rest: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") {
            return ("• ", String(line.dropFirst(2)))
        }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (digits + ". ", String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// `code`, **bold** and *italic* spans.
    func inline(_ text: String) -> StyledText {
        var out = StyledText()
        var plain = ""
        var rest = Substring(text)
        while let first = rest.first {
            if first == "`", let close = rest.dropFirst().firstIndex(of: "`") {
                if !plain.isEmpty { out.append(plain); plain = "" }
                out.append(String(rest[rest.index(after: rest.startIndex)..<close]), .code)
                rest = rest[rest.index(after: close)...]
            } else if rest.hasPrefix("**"), let close = rest.dropFirst(2).firstRange(of: "**") {
                if !plain.isEmpty { out.append(plain); plain = "" }
                out.append(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]), .emphasis)
                rest = rest[close.upperBound...]
            } else if first == "*" || first == "_", rest.count > 2, let second = rest.dropFirst().first, second != " ",
                      second != first, let close = rest.dropFirst().firstIndex(of: first),
                      rest[rest.index(before: close)] != " ",
                      plain.last.map({ !$0.isLetter && !$0.isNumber }) ?? true {
                // *italic* or _italic_ (not inside words like snake_case).
                if !plain.isEmpty { out.append(plain); plain = "" }
                out.append(String(rest[rest.index(after: rest.startIndex)..<close]), .emphasis)
                rest = rest[rest.index(after: close)...]
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
                        lines.append(current.trimmingTrailingSpaces())
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
                    lines.append(current.trimmingTrailingSpaces())
                    current = StyledText(indent)
                    column = DisplayWidth.of(indent)
                }
                current.append(String(word), span.style)
                column += wordWidth
                lineHasWord = true
            }
        }
        if lineHasWord { lines.append(current.trimmingTrailingSpaces()) }
        return lines
    }
}
