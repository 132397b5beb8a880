/// Decodes UTF-8 that arrives in arbitrary chunks.
///
/// A pipe read can end in the middle of a multi-byte character (a Chinese
/// character is three bytes); decoding each chunk on its own would turn both
/// halves into replacement characters. This holds back an incomplete
/// sequence at the end of a chunk until the next one arrives. Invalid bytes
/// become U+FFFD, as a terminal would show them.
struct UTF8StreamDecoder {
    /// An incomplete sequence held back from the previous chunk (at most
    /// three bytes).
    private var pending: [UInt8] = []

    /// Decodes a chunk, holding back a trailing incomplete character.
    /// - Returns: the text of all complete characters so far.
    mutating func decode(_ chunk: UnsafeRawBufferPointer) -> String {
        guard !chunk.isEmpty else { return "" }
        if pending.isEmpty {
            let cut = Self.completePrefixLength(chunk)
            pending.append(contentsOf: chunk[cut...])
            return String(decoding: UnsafeRawBufferPointer(rebasing: chunk[..<cut]), as: UTF8.self)
        }
        var bytes = pending
        bytes.append(contentsOf: chunk)
        pending.removeAll(keepingCapacity: true)
        return bytes.withUnsafeBytes { all in
            let cut = Self.completePrefixLength(all)
            pending.append(contentsOf: all[cut...])
            return String(decoding: UnsafeRawBufferPointer(rebasing: all[..<cut]), as: UTF8.self)
        }
    }

    /// Decodes whatever is held back, at end of stream (an incomplete
    /// character becomes U+FFFD).
    mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of the prefix of `bytes` that ends on a character
    /// boundary: everything except a final lead byte whose continuation
    /// bytes have not all arrived yet.
    static func completePrefixLength(_ bytes: UnsafeRawBufferPointer) -> Int {
        let count = bytes.count
        // Look back over at most three trailing continuation bytes for the
        // lead byte of the last sequence.
        var index = count - 1
        while index >= 0, index >= count - 4 {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 {
                let needed: Int
                switch byte {
                case 0xC2...0xDF: needed = 2
                case 0xE0...0xEF: needed = 3
                case 0xF0...0xF4: needed = 4
                default: return count  // ASCII or an invalid byte: complete
                }
                return count - index < needed ? index : count
            }
            index -= 1
        }
        return count  // only continuation bytes: invalid, decode them now
    }
}
