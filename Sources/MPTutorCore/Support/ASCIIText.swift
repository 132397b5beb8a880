/// Text helpers for the lesson and pattern parsers' hot paths, which work
/// on the UTF-8 bytes when what they look for is ASCII.
///
/// Foundation's `range(of:)` goes through `NSString` (UTF-16 copies) and
/// `lowercased()` builds a whole new string; on 100 lessons these made
/// loading several times slower than it needs to be. An ASCII byte found
/// in UTF-8 is always a whole character boundary, so the indices found here
/// are valid `String` indices.
extension StringProtocol {
    /// The first occurrence of `needle` (ASCII), searched byte by byte.
    func asciiRange(of needle: String) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        let bytes = utf8
        var start = bytes.startIndex
        while start != bytes.endIndex {
            if bytes[start] == first {
                var end = bytes.index(after: start)
                var matched = 1
                while matched < pattern.count, end != bytes.endIndex, bytes[end] == pattern[matched] {
                    end = bytes.index(after: end)
                    matched += 1
                }
                if matched == pattern.count { return start..<end }
            }
            start = bytes.index(after: start)
        }
        return nil
    }

    /// Whether the text starts with `prefix` (ASCII, lower case), ignoring
    /// the case of ASCII letters, without lowercasing the whole text.
    func hasASCIIPrefixIgnoringCase(_ prefix: String) -> Bool {
        var bytes = utf8.makeIterator()
        for expected in prefix.utf8 {
            guard var byte = bytes.next() else { return false }
            if byte >= 65, byte <= 90 { byte += 32 }
            if byte != expected { return false }
        }
        return true
    }

    /// The number of leading bytes equal to `byte` (an ASCII character).
    func asciiRunLength(of byte: UInt8) -> Int {
        var count = 0
        for next in utf8 {
            guard next == byte else { break }
            count += 1
        }
        return count
    }
}
