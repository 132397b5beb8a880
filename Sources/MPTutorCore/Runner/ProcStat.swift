import Glibc

/// The fields of `/proc/<pid>/stat` the runner uses to follow a run's
/// processes.
///
/// A zombie keeps its stat line (state `Z`, its group and its CPU times)
/// until it is reaped, but loses its command line and environment.
struct ProcStat: Equatable {
    /// The process (thread group) id.
    var pid: pid_t
    /// The state letter: `R`, `S`, `D`, `T`, `Z` (zombie), `X` (dead)...
    var state: UInt8
    /// The parent's pid (after reparenting, the subreaper's or init's).
    var ppid: pid_t
    /// The process group id.
    var pgid: pid_t
    /// User plus system CPU time of the whole process, in clock ticks.
    var cpuTicks: UInt64
    /// When the process started, in clock ticks after boot: with the pid,
    /// it names one process even after the pid is reused.
    var startTime: UInt64
    /// Where its program's code, stack and arguments are: the same as its
    /// parent's after a `fork` (a copy of the same memory), different
    /// after an `exec` (a new program, or the same one laid out anew).
    /// Zero for a zombie.
    var image: Image

    /// See `image`.
    struct Image: Equatable {
        var startCode: UInt64 = 0
        var startStack: UInt64 = 0
        var argumentsStart: UInt64 = 0
        var argumentsEnd: UInt64 = 0

        /// True when the fields are known (not a zombie, and readable).
        var isKnown: Bool { startStack != 0 || argumentsStart != 0 }
    }

    /// True for a zombie or a dead process: it holds no resources and
    /// cannot act any more.
    var hasEnded: Bool { state == UInt8(ascii: "Z") || state == UInt8(ascii: "X") }

    /// Reads `/proc/<pid>/stat`.
    /// - Returns: nil when the process is gone or the line cannot be parsed.
    static func read(_ pid: pid_t) -> ProcStat? {
        guard let bytes = Sys.readFile("/proc/\(pid)/stat", limit: 1024) else { return nil }
        return parse(bytes, pid: pid)
    }

    /// Parses a stat line. The command name (field 2) is in parentheses and
    /// may itself contain spaces and parentheses, so fields are counted from
    /// the last `)`.
    /// - Returns: nil when the line is too short.
    static func parse(_ bytes: [UInt8], pid: pid_t) -> ProcStat? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // Fields 3... (state is field 3), as byte ranges.
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(47)
        var index = close + 1
        while index < bytes.count, fields.count < 47 {
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            let begin = index
            while index < bytes.count, bytes[index] != UInt8(ascii: " "), bytes[index] != UInt8(ascii: "\n") {
                index += 1
            }
            if index > begin { fields.append(bytes[begin..<index]) }
            if index < bytes.count, bytes[index] == UInt8(ascii: "\n") { break }
        }
        // state 3, ppid 4, pgrp 5, utime 14, stime 15, starttime 22,
        // startcode 26, startstack 28, arg_start 48, arg_end 49.
        guard fields.count >= 20, let state = fields[0].first,
            let ppid = number(fields[1]), let pgid = number(fields[2]),
            let utime = number(fields[11]), let stime = number(fields[12]),
            let start = number(fields[19])
        else { return nil }
        var image = Image()
        if fields.count >= 47 {
            func field(_ number: Int) -> UInt64 { UInt64(max(0, Self.number(fields[number - 3]) ?? 0)) }
            image = Image(
                startCode: field(26), startStack: field(28), argumentsStart: field(48), argumentsEnd: field(49))
        }
        return ProcStat(
            pid: pid, state: state, ppid: pid_t(truncatingIfNeeded: ppid), pgid: pid_t(truncatingIfNeeded: pgid),
            cpuTicks: UInt64(max(0, utime)) + UInt64(max(0, stime)), startTime: UInt64(max(0, start)),
            image: image)
    }

    /// A decimal field (possibly negative, as `tty_nr` and `pgrp` may be).
    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var negative = false
        var seen = false
        for byte in digits {
            if byte == UInt8(ascii: "-"), !seen, !negative {
                negative = true
                continue
            }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value &* 10 &+ Int64(byte - 0x30)
            seen = true
        }
        return seen ? (negative ? -value : value) : nil
    }

    /// The arguments in `/proc/<pid>/cmdline` (empty for a zombie or a
    /// kernel thread), cut at 4 KiB. The read waits while the process is in
    /// the middle of a `fork` (it holds its memory map's lock).
    static func arguments(_ pid: pid_t) -> [String] {
        guard let bytes = Sys.readFile("/proc/\(pid)/cmdline", limit: 4096) else { return [] }
        var parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// The command name in `/proc/<pid>/comm` (kept by zombies).
    static func commandName(_ pid: pid_t) -> String {
        guard let bytes = Sys.readFile("/proc/\(pid)/comm", limit: 64) else { return "" }
        return String(decoding: bytes, as: UTF8.self).trimmingSuffix("\n")
    }

    /// Whether the environment `pid` started with holds `entry` (a whole
    /// `KEY=value`). The block in `/proc/<pid>/environ` is the one the
    /// program was started (or forked) with: `os.environ.clear()` does not
    /// change it, only an `exec` with another environment does. Like the
    /// command line, the read waits while the process forks.
    static func environment(of pid: pid_t, contains entry: [UInt8]) -> Bool {
        guard let bytes = Sys.readFile("/proc/\(pid)/environ", limit: 1 << 20), bytes.count >= entry.count else {
            return false
        }
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0) ?? bytes.count
            if end - start == entry.count, bytes[start..<end].elementsEqual(entry) { return true }
            start = end + 1
        }
        return false
    }
}

extension String {
    /// The string without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
