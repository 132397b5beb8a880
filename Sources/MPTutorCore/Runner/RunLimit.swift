/// A containment limit a run ran into (see `RunOptions.processLimit`,
/// `memoryLimit` and `cpuTimeLimit`).
public enum RunLimit: Sendable, Hashable, CustomStringConvertible {
    /// More processes were alive at once than the limit; mptutor ended
    /// every process of the run.
    case processes(Int)
    /// An allocation failed under the per-process address-space cap of
    /// this many bytes (Python raised `MemoryError`).
    case memory(bytes: Int)
    /// A process used this many seconds of CPU time and was ended with
    /// SIGXCPU.
    case cpuTime(seconds: Int)

    /// Two or three sentences for the learner: what happened and the usual
    /// cause.
    public var message: String {
        switch self {
        case .processes(let limit):
            return "Stopped: the program had more than \(limit) processes running at once, "
                + "which is mptutor's limit, so every process of the run was ended. "
                + "A loop that keeps calling os.fork(), or a Pool asked for thousands of workers, does this."
        case .memory(let bytes):
            return "A process ran out of memory: mptutor lets each process reserve at most "
                + "\(Self.formatBytes(bytes)), and an allocation went past that (MemoryError). "
                + "Building a huge list, string or bytearray does this."
        case .cpuTime(let seconds):
            return "Stopped: a process used more than \(seconds) s of CPU time, which is mptutor's limit "
                + "per process, so it was ended (SIGXCPU). A loop that never finishes does this."
        }
    }

    /// The same as `message`.
    public var description: String { message }

    /// `512 MiB`, `2 GiB`, `1.5 GiB`, `800 KiB`.
    static func formatBytes(_ bytes: Int) -> String {
        let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        for (size, unit) in units where bytes >= size {
            let value = Double(bytes) / Double(size)
            let text = value == value.rounded() ? String(Int(value)) : String(value, fractionDigits: 1)
            return "\(text) \(unit)"
        }
        return "\(bytes) bytes"
    }
}
