import MPTutorCore

/// What one press of Tab does to the line, worked out from the completer's
/// candidates apart from libedit so that the rules read (and test) as plain
/// Swift.
struct Completion: Equatable {
    /// Unicode scalars to delete before the cursor first (the partial word,
    /// when a candidate replaces it rather than extends it).
    var deleteCount: Int
    /// Text to insert at the cursor.
    var insert: String
    /// Candidates to list below the line, sorted; empty lists nothing.
    var listing: [String]

    /// Plans a completion.
    ///
    /// A single candidate is completed in full, followed by a space (as in
    /// bash) unless `spaceAfterUnique` is false. Several candidates extend
    /// the partial word by their longest common prefix and are listed.
    ///
    /// - Parameters:
    ///   - lineBeforeCursor: The text before the cursor; its last word
    ///     (after the last space or tab) is the partial word.
    ///   - candidates: Full words the partial word may become (duplicates
    ///     and empty strings are ignored).
    ///   - spaceAfterUnique: Whether a unique completion gets a space (not
    ///     wanted when one already follows the cursor).
    /// - Returns: nil when there is no candidate (the caller beeps).
    static func plan(lineBeforeCursor: String, candidates: [String], spaceAfterUnique: Bool = true) -> Completion? {
        var seen = Set<String>()
        let words = candidates.filter { !$0.isEmpty && seen.insert($0).inserted }
        guard let first = words.first else { return nil }
        let partial = lastWord(of: lineBeforeCursor)

        if words.count == 1 {
            let space = spaceAfterUnique ? " " : ""
            if let rest = remainder(of: first, after: partial) {
                return Completion(deleteCount: 0, insert: rest + space, listing: [])
            }
            return Completion(deleteCount: partial.unicodeScalars.count, insert: first + space, listing: [])
        }
        let common = commonPrefix(words)
        let extensionText = remainder(of: common, after: partial) ?? ""
        return Completion(deleteCount: 0, insert: extensionText, listing: words.sorted())
    }

    /// The word being completed: what follows the last space or tab.
    static func lastWord(of text: String) -> String {
        let scalars = text.unicodeScalars
        guard let space = scalars.lastIndex(where: { $0 == " " || $0 == "\t" }) else { return text }
        return String(scalars[scalars.index(after: space)...])
    }

    /// The candidates laid out in columns (filled top to bottom, like bash)
    /// that fit `width` terminal columns, counting Chinese as two.
    static func columns(_ words: [String], width: Int) -> [String] {
        guard !words.isEmpty else { return [] }
        let widths = words.map { DisplayWidth.of($0) }
        let columnWidth = (widths.max() ?? 0) + 2
        let perRow = max(1, min(words.count, max(width, 1) / columnWidth))
        let rows = (words.count + perRow - 1) / perRow
        var lines: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<perRow {
                let index = column * rows + row
                guard index < words.count else { break }
                line += words[index]
                if index + rows < words.count {
                    line += String(repeating: " ", count: columnWidth - widths[index])
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// `word` without its leading `prefix` (compared scalar by scalar), or
    /// nil when `word` does not start with it.
    private static func remainder(of word: String, after prefix: String) -> String? {
        guard word.unicodeScalars.starts(with: prefix.unicodeScalars) else { return nil }
        return String(word.unicodeScalars.dropFirst(prefix.unicodeScalars.count))
    }

    /// The longest common prefix, in whole characters so that no accent is
    /// split from its letter.
    private static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let characters = Array(word)
            var length = 0
            while length < min(prefix.count, characters.count),
                  prefix[length].unicodeScalars.elementsEqual(characters[length].unicodeScalars) {
                length += 1
            }
            prefix.removeSubrange(length...)
        }
        return String(prefix)
    }
}
