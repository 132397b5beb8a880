import Glibc

/// Takes the writer markers out of one pipe's bytes when a run tags its
/// processes (`RunOptions.tagProcesses`).
///
/// With tagging on, the runner's `sitecustomize` prefixes every write a
/// Python process makes through `sys.stdout` or `sys.stderr` with
/// `\x1e<pid>\x1f` (record separator, the writer's pid in decimal, unit
/// separator), in the same `write` as the text. This removes the markers,
/// keeping the pid of the most recent one, so the output is byte for byte
/// what the program printed. A marker may be cut by a pipe read: the bytes
/// of an unfinished one are held back until the next chunk.
///
/// Bytes written around `sys.stdout` (`os.write(1, ...)`, a C extension, a
/// non-Python child) carry no marker and are counted as the last writer's
/// (`nil` before any marker). A record separator not followed by digits and
/// a unit separator is kept as text.
struct ProcessMarkerStripper {
    /// The writer named by the most recent marker.
    private(set) var currentPID: Int32?
    /// The bytes of a marker begun but not finished: the separator and the
    /// digits so far.
    private var held: [UInt8] = []

    static let start: UInt8 = 0x1E
    static let end: UInt8 = 0x1F
    /// More digits than any pid has: not a marker.
    static let maxDigits = 10

    /// A run of text from one writer.
    struct Segment {
        /// The writer (`nil` before any marker).
        var pid: Int32?
        /// Where the segment's text is in `Result.text`.
        var range: Range<Int>
    }

    /// What one chunk leaves once its markers are taken out.
    struct Result {
        /// The text, markers removed.
        var text: [UInt8] = []
        /// The text split by writer, in order; empty ranges are left out.
        var segments: [Segment] = []
    }

    /// Strips the markers from one chunk.
    mutating func strip(_ chunk: UnsafeRawBufferPointer) -> Result {
        var result = Result()
        if held.isEmpty, !chunk.isEmpty, memchr(chunk.baseAddress!, Int32(Self.start), chunk.count) == nil {
            result.text = Array(chunk)
            result.segments = [Segment(pid: currentPID, range: 0..<chunk.count)]
            return result
        }
        result.text.reserveCapacity(chunk.count)
        var segmentStart = 0
        func closeSegment(_ result: inout Result, pid: Int32?) {
            let end = result.text.count
            if end > segmentStart { result.segments.append(Segment(pid: pid, range: segmentStart..<end)) }
            segmentStart = end
        }
        var index = 0
        while index < chunk.count {
            let byte = chunk[index]
            if held.isEmpty {
                if byte == Self.start {
                    held.append(byte)
                } else {
                    result.text.append(byte)
                }
                index += 1
                continue
            }
            // Inside a marker.
            if byte >= 0x30, byte <= 0x39, held.count <= Self.maxDigits {
                held.append(byte)
                index += 1
            } else if byte == Self.end, held.count > 1, let pid = Self.pid(digits: held.dropFirst()) {
                closeSegment(&result, pid: currentPID)
                currentPID = pid
                held.removeAll(keepingCapacity: true)
                index += 1
            } else {
                // Not a marker: its bytes are text; look at this byte again.
                result.text.append(contentsOf: held)
                held.removeAll(keepingCapacity: true)
                if byte == Self.start { continue }  // a new marker may begin here
                result.text.append(byte)
                index += 1
            }
        }
        closeSegment(&result, pid: currentPID)
        return result
    }

    /// At end of stream: the bytes of an unfinished marker, as text.
    mutating func finish() -> [UInt8] {
        defer { held.removeAll() }
        return held
    }

    private static func pid(digits: ArraySlice<UInt8>) -> Int32? {
        var value: Int64 = 0
        for digit in digits { value = value * 10 + Int64(digit - 0x30) }
        return value <= Int64(Int32.max) ? Int32(value) : nil
    }
}
