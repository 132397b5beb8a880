import Glibc

/// The few string and path operations the code needs, written against the
/// standard library so that mptutor links only `FoundationEssentials`.
///
/// Full Foundation (with ICU) made the binary three times larger and every
/// start about 1.5 ms slower (the Swift runtime scans its conformance
/// tables at each first `as?` cast, and the argument parser makes many);
/// these helpers are all that was used of it.
extension StringProtocol {
    /// Without whitespace (spaces, tabs, line breaks, other Unicode spaces)
    /// at either end, as Foundation's `.whitespacesAndNewlines` trim.
    public var trimmingWhitespace: String {
        var start = startIndex, end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return String(self[start..<end])
    }

    /// Exactly `length` characters: cut, or filled with spaces on the
    /// right (as Foundation's `padding(toLength:withPad:startingAt:)`).
    public func padded(to length: Int) -> String {
        let count = self.count
        if count >= length { return String(prefix(length)) }
        return String(self) + String(repeating: " ", count: length - count)
    }

    /// The last occurrence of `needle`, or nil.
    public func lastRange(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var found: Range<Index>?
        var from = startIndex
        while from < endIndex, let range = self[from...].firstRange(of: needle) {
            found = range
            from = index(after: range.lowerBound)
        }
        return found
    }

    /// The text after the last `/` (the whole text without one).
    public var pathLastComponent: String {
        guard let slash = lastIndex(of: "/") else { return String(self) }
        return String(self[index(after: slash)...])
    }

    /// The text before the last `/` (`/` for a file at the root, empty
    /// without a slash).
    public var pathParent: String {
        guard let slash = lastIndex(of: "/") else { return "" }
        return slash == startIndex ? "/" : String(self[..<slash])
    }

    /// The last component without its extension (`01-fork` for
    /// `Lessons/01-fork.md`).
    public var pathStem: String {
        let name = pathLastComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}

extension String {
    /// `value` with `digits` digits after the point (`%.2f`), rounded half
    /// away from zero.
    public init(_ value: Double, fractionDigits digits: Int) {
        guard value.isFinite else {
            self = "\(value)"
            return
        }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled) - whole * Int(scale)
        let sign = value < 0 && scaled != 0 ? "-" : ""
        guard digits > 0 else {
            self = sign + String(whole)
            return
        }
        let fractionText = String(fraction)
        self = sign + String(whole) + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}

/// The current user's home folder: `$HOME`, else the password database.
public func homeDirectory(environment: [String: String]) -> String {
    if let home = environment["HOME"], !home.isEmpty { return home }
    if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir {
        return String(cString: directory)
    }
    return "/"
}
