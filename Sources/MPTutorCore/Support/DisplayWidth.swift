/// Terminal column widths, so that a caret lands under the right character
/// even after Chinese text (two columns a character).
public enum DisplayWidth {
    /// Columns taken by one scalar: 0 for combining marks, 2 for East Asian
    /// wide and full-width characters, 1 otherwise.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns taken by a string.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// Columns taken by the first `count` scalars of `text`.
    public static func ofPrefix(_ text: String, scalars count: Int) -> Int {
        text.unicodeScalars.prefix(count).reduce(0) { $0 + of($1) }
    }
}
