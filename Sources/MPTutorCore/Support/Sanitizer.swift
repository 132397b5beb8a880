/// Makes program output safe to show: a learner's program may print escape
/// sequences that would otherwise reprogram the terminal.
public enum Sanitizer {
    /// The text with control characters (other than tab) shown as `^[`-style
    /// or `\u{…}` escapes.
    public static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 9:
                out.append(scalar)
            case 0..<32:
                out.append("^")
                out.append(Unicode.Scalar(scalar.value + 64)!)
            case 127:
                out.append(contentsOf: "^?".unicodeScalars)
            case 0x80..<0xA0:
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16))}".unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension Sanitizer {
    /// Like `visible`, but keeps line breaks: for streaming a program's
    /// output live without letting it move the cursor or change colours.
    public static func visibleKeepingNewlines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { visible(String($0.hasSuffix("\r") ? $0.dropLast() : $0)) }
            .joined(separator: "\n")
    }
}
