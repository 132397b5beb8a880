import FoundationEssentials

/// One Python frame of a stack dump.
public struct StackFrame: Sendable, Hashable {
    /// The source file: relative (`main.py`) for files in the run's
    /// directory, else as Python reports it (an absolute path).
    public var file: String
    /// The line being executed.
    public var line: Int
    /// The function (`<module>` at the top level).
    public var function: String

    /// Memberwise initialiser.
    public init(file: String, line: Int, function: String) {
        self.file = file
        self.line = line
        self.function = function
    }

    /// The file without the interpreter's library prefix:
    /// `multiprocessing/connection.py` for
    /// `/usr/lib/python3.11/multiprocessing/connection.py`, the part after
    /// `site-packages/` for installed packages, else the file name.
    public var shortFile: String {
        if let range = file.lastRange(of: "/site-packages/") {
            return String(file[range.upperBound...])
        }
        if let range = file.lastRange(of: "/lib/python"),
            let slash = file[range.upperBound...].firstIndex(of: "/")
        {
            return String(file[file.index(after: slash)...])
        }
        return file.split(separator: "/").last.map(String.init) ?? file
    }

    /// Whether the frame is in the learner's program file.
    func isIn(programFile: String) -> Bool {
        file == programFile || file.hasSuffix("/" + programFile)
    }
}

/// The Python stack of one thread, innermost frame first.
public struct ThreadStack: Sendable, Hashable {
    /// True for the thread that wrote the dump (faulthandler's "Current
    /// thread").
    public var isCurrent: Bool
    /// The frames, innermost (most recent call) first.
    public var frames: [StackFrame]

    /// Memberwise initialiser.
    public init(isCurrent: Bool, frames: [StackFrame]) {
        self.isCurrent = isCurrent
        self.frames = frames
    }
}

/// Where one Python process of a run was when the run timed out or was
/// interrupted, from the `faulthandler` dump the runner asked for.
public struct ProcessStack: Sendable, Hashable {
    /// The process.
    public var pid: Int32
    /// Every thread, in faulthandler's order: the newest thread first and
    /// the main thread last.
    public var threads: [ThreadStack]

    /// Memberwise initialiser.
    public init(pid: Int32, threads: [ThreadStack]) {
        self.pid = pid
        self.threads = threads
    }

    /// The main thread's frames, innermost first.
    public var frames: [StackFrame] { threads.last?.frames ?? [] }

    /// The innermost frame in the learner's program, in the thread that
    /// best explains the process (see `summary`).
    public func learnerFrame(programFile: String) -> StackFrame? {
        let frames = Self.ownFrames(of: explainingThread(programFile: programFile))
        return frames.first { $0.isIn(programFile: programFile) }
    }

    /// The library function the learner's innermost frame called (the
    /// frame just inside it), e.g. `recv` in `multiprocessing/connection.py`
    /// for a line `conn.recv()`; nil when the learner's line itself is the
    /// innermost frame (a `time.sleep` or a busy loop).
    public func libraryCall(programFile: String) -> StackFrame? {
        let frames = Self.ownFrames(of: explainingThread(programFile: programFile))
        guard let index = frames.firstIndex(where: { $0.isIn(programFile: programFile) }), index > 0 else {
            return nil
        }
        return frames[index - 1]
    }

    /// A one-line account of where the process was, for a learner:
    /// `waiting in recv() (multiprocessing/connection.py) at line 9: conn.recv()`,
    /// `at line 4: time.sleep(60)` when the learner's line is innermost, or
    /// `waiting in recv_bytes() (multiprocessing/connection.py)` for a
    /// process that is not in the learner's code at all (a Pool worker
    /// waiting for a task, the resource tracker).
    ///
    /// The thread described is the main thread, or if it is not in the
    /// learner's file, the first thread that is. Frames a forked child
    /// inherited from its parent (those outside multiprocessing's
    /// `_bootstrap`) are not the child's own and are skipped.
    /// - Parameters:
    ///   - programFile: the program's file name (`Program.fileName`).
    ///   - source: the program's text, to quote the line; nil leaves the
    ///     quote out.
    /// - Returns: the account, without the pid (the caller names the
    ///   process, e.g. from `RunResult.processes`).
    public func summary(programFile: String, source: String? = nil) -> String {
        let frames = Self.ownFrames(of: explainingThread(programFile: programFile))
        guard let index = frames.firstIndex(where: { $0.isIn(programFile: programFile) }) else {
            let frame = frames.first { !$0.function.hasPrefix("_") } ?? frames.first
            guard let frame else { return "no Python code running" }
            return "waiting in \(frame.function)() (\(frame.shortFile))"
        }
        let learner = frames[index]
        var text = ""
        if index > 0 {
            let call = frames[index - 1]
            text = "waiting in \(call.function)() (\(call.shortFile)) "
        }
        text += "at line \(learner.line)"
        if let source, let quoted = Self.sourceLine(learner.line, in: source) {
            text += ": " + quoted
        }
        return text
    }

    /// The thread `summary` describes.
    private func explainingThread(programFile: String) -> ThreadStack? {
        guard let main = threads.last else { return nil }
        if Self.ownFrames(of: main).contains(where: { $0.isIn(programFile: programFile) }) { return main }
        return threads.first { Self.ownFrames(of: $0).contains { $0.isIn(programFile: programFile) } } ?? main
    }

    /// A thread's frames up to (not including) multiprocessing's
    /// `_bootstrap`: what is outside it in a forked child is the parent's
    /// stack at the time of the fork.
    static func ownFrames(of thread: ThreadStack?) -> [StackFrame] {
        guard let frames = thread?.frames else { return [] }
        if let cut = frames.firstIndex(where: {
            $0.function == "_bootstrap" && $0.file.hasSuffix("multiprocessing/process.py")
        }) {
            return Array(frames[..<cut])
        }
        return frames
    }

    /// Line `number` of `source`, trimmed and cut to 80 characters.
    static func sourceLine(_ number: Int, in source: String) -> String? {
        guard number >= 1 else { return nil }
        var current = 1
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == number {
                let text = line.trimmingWhitespace.trimmingSuffix("\r")
                guard !text.isEmpty else { return nil }
                return text.count > 80 ? String(text.prefix(79)) + "…" : text
            }
            current += 1
        }
        return nil
    }
}

/// Reads `faulthandler` dumps.
enum StackDumpParser {
    /// Parses one process's dump file.
    ///
    /// The format (CPython 3.8 to 3.13): a header per thread, `Thread 0x…
    /// (most recent call first):` or `Current thread 0x… (most recent call
    /// first):` (`Stack (most recent call first):` with one thread), then
    /// one `  File "path", line N in function` line per frame. Other lines
    /// (`  <no Python frame>`, `  ...` for a cut stack) are skipped.
    /// - Parameters:
    ///   - text: the dump.
    ///   - pid: the process that wrote it.
    ///   - workDirectory: the run's directory; files inside it are made
    ///     relative (`main.py`).
    /// - Returns: nil when the text holds no thread.
    static func parse(_ text: String, pid: Int32, workDirectory: String) -> ProcessStack? {
        var threads: [ThreadStack] = []
        let prefix = workDirectory.hasSuffix("/") ? workDirectory : workDirectory + "/"
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.trimmingSuffix("\r")
            if line.hasPrefix("Thread ") || line.hasPrefix("Current thread ") || line.hasPrefix("Stack ") {
                threads.append(ThreadStack(isCurrent: line.hasPrefix("Current thread "), frames: []))
                continue
            }
            guard !threads.isEmpty, var frame = parseFrame(line) else { continue }
            if frame.file.hasPrefix(prefix) { frame.file = String(frame.file.dropFirst(prefix.count)) }
            threads[threads.count - 1].frames.append(frame)
        }
        return threads.isEmpty ? nil : ProcessStack(pid: pid, threads: threads)
    }

    /// `  File "path", line 12 in name` → a frame.
    static func parseFrame(_ line: String) -> StackFrame? {
        let trimmed = line.drop { $0 == " " }
        guard trimmed.hasPrefix("File \""), let marker = trimmed.lastRange(of: "\", line ") else {
            return nil
        }
        let file = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 6)..<marker.lowerBound]
        let rest = trimmed[marker.upperBound...]
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let number = Int(digits) else { return nil }
        var function = rest.dropFirst(digits.count)
        if function.hasPrefix(" in ") { function = function.dropFirst(4) }
        return StackFrame(file: String(file), line: number, function: String(function))
    }
}

extension Substring {
    /// The substring without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : String(self)
    }
}
