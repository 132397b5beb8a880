/// Text with meaning attached to its parts, so that the core can say what
/// is an error or a highlight while the terminal front end decides whether
/// that becomes colour (never on a pipe or with `NO_COLOR`).
public struct StyledText: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// What a span of text is.
    public enum Style: Sendable, Hashable {
        case plain, heading, error, success, location, emphasis, dim, marker, code
    }

    /// The spans in order.
    public private(set) var spans: [(style: Style, text: String)] = []

    /// Empty text.
    public init() {}

    /// Plain text.
    public init(stringLiteral value: String) {
        spans = [(.plain, value)]
    }

    /// One span.
    public init(_ text: String, _ style: Style = .plain) {
        spans = [(style, text)]
    }

    /// Appends a span.
    public mutating func append(_ text: String, _ style: Style = .plain) {
        spans.append((style, text))
    }

    /// Appends another styled text.
    public mutating func append(_ other: StyledText) {
        spans += other.spans
    }

    /// The same text without spaces at its end, for wrapped lines.
    public func trimmingTrailingSpaces() -> StyledText {
        var copy = self
        while let last = copy.spans.last {
            let trimmed = String(last.text.trimmingTrailingBlanks())
            if trimmed.isEmpty {
                copy.spans.removeLast()
                continue
            }
            copy.spans[copy.spans.count - 1].text = trimmed
            break
        }
        return copy
    }

    /// The text without styles.
    public var description: String { spans.map(\.text).joined() }

    /// Concatenation.
    public static func + (lhs: StyledText, rhs: StyledText) -> StyledText {
        var joined = lhs
        joined.append(rhs)
        return joined
    }

    public static func == (lhs: StyledText, rhs: StyledText) -> Bool {
        lhs.spans.map(\.text) == rhs.spans.map(\.text) && lhs.spans.map(\.style) == rhs.spans.map(\.style)
    }

    public func hash(into hasher: inout Hasher) {
        for span in spans {
            hasher.combine(span.text)
            hasher.combine(span.style)
        }
    }
}
