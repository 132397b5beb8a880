import Glibc

/// Turns the bytes read from the two pipes into tagged lines, up to a cap.
///
/// Lines are split on bytes (a newline byte never occurs inside a UTF-8
/// sequence) and decoded whole, so a character cut by a pipe read is never
/// broken. The cap counts bytes in arrival order across both streams: once
/// it is reached nothing more is stored, but everything is still drained
/// (a blocked writer would hang the program) and counted as dropped.
struct OutputCapture {
    /// The completed lines, in the order they were completed.
    private(set) var lines: [OutputLine] = []
    /// Bytes read after the cap was reached.
    private(set) var droppedBytes = 0
    /// Bytes stored so far (line text plus newlines).
    private(set) var storedBytes = 0
    /// The most bytes to store.
    let limit: Int
    /// The unfinished last line of each stream.
    private var partial: [[UInt8]] = [[], []]
    /// When each stream's partial line got its first byte (a count of
    /// appends), so the partial lines left at the end keep arrival order.
    private var partialSince = [0, 0]
    /// The writer of each stream's partial line (its first byte's).
    private var partialPID: [Int32?] = [nil, nil]
    /// Appends so far.
    private var appends = 0

    /// - Parameter limit: the most bytes to store (negative counts as 0).
    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Adds a chunk read from `stream`, completing lines at each newline.
    /// - Parameters:
    ///   - chunk: the bytes as read.
    ///   - stream: the pipe they came through.
    ///   - time: seconds since the run started, stamped on completed lines.
    ///   - pid: the process that wrote the chunk, when known; a line is
    ///     credited to the writer of its first byte.
    mutating func append(
        _ chunk: UnsafeRawBufferPointer, from stream: OutputStream, at time: Double, pid: Int32? = nil
    ) {
        let room = limit - storedBytes
        let kept = min(room, chunk.count)
        droppedBytes += chunk.count - kept
        guard kept > 0 else { return }
        storedBytes += kept
        appends += 1

        let slot = Self.slot(stream)
        var start = 0
        while start < kept {
            let base = chunk.baseAddress! + start
            guard let found = memchr(base, 0x0A, kept - start) else {
                if partial[slot].isEmpty {
                    partialSince[slot] = appends
                    partialPID[slot] = pid
                }
                partial[slot].append(contentsOf: UnsafeRawBufferPointer(start: base, count: kept - start))
                break
            }
            let end = base.distance(to: UnsafeRawPointer(found))
            let piece = UnsafeRawBufferPointer(start: base, count: end)
            if partial[slot].isEmpty {
                complete(piece, stream: stream, time: time, pid: pid)
            } else {
                partial[slot].append(contentsOf: piece)
                let line = partial[slot]
                partial[slot].removeAll(keepingCapacity: true)
                line.withUnsafeBytes { complete($0, stream: stream, time: time, pid: partialPID[slot]) }
            }
            start += end + 1
        }
    }

    /// Keeps each stream's unterminated last line (or the line cut at the
    /// cap) as a final line, the one begun first first.
    /// - Parameter time: the time stamped on those lines.
    mutating func finish(at time: Double) {
        let streams: [OutputStream] = partialSince[0] <= partialSince[1] ? [.stdout, .stderr] : [.stderr, .stdout]
        for stream in streams {
            let slot = Self.slot(stream)
            guard !partial[slot].isEmpty else { continue }
            let line = partial[slot]
            partial[slot] = []
            line.withUnsafeBytes { complete($0, stream: stream, time: time, pid: partialPID[slot]) }
        }
    }

    /// Stores one line, without its `\n` or `\r\n`.
    private mutating func complete(_ bytes: UnsafeRawBufferPointer, stream: OutputStream, time: Double, pid: Int32?) {
        var text = bytes
        if let last = text.last, last == 0x0D {
            text = UnsafeRawBufferPointer(rebasing: text.dropLast())
        }
        lines.append(OutputLine(stream: stream, text: String(decoding: text, as: UTF8.self), time: time, pid: pid))
    }

    /// The index of a stream's partial line.
    private static func slot(_ stream: OutputStream) -> Int {
        stream == .stdout ? 0 : 1
    }
}
