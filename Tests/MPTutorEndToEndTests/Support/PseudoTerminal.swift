import CSystemShims
import Foundation

/// A program running on a real pseudo-terminal, driven as a user at a
/// terminal would: end-to-end tests of the line editor and the shell send
/// keys and wait for what appears, the way expect(1) does.
///
/// The program is the leader of a new session whose controlling terminal is
/// the slave side (so Ctrl-C, job control and `isatty` behave as in a real
/// terminal); the test holds the master. Everything the program writes is
/// kept as a transcript. `deinit` kills the program's process group if it
/// is still running, reaps it and closes the terminal.
final class PseudoTerminal {
    /// The program's pid (also its session and process group id).
    let pid: pid_t
    /// The master side of the terminal.
    private let master: Int32
    /// Everything read from the terminal so far, as written.
    private var raw: [UInt8] = []
    /// The same with escape sequences and control characters removed.
    private var plain: [UInt8] = []
    /// Where `waitFor` resumes searching `plain`.
    private var consumed = 0
    /// Strips escape sequences from `raw` as it arrives.
    private var filter = EscapeFilter()
    /// The exit status, once reaped.
    private var exitStatus: Int32?
    /// Whether the terminal hung up: every slave descriptor is closed, so
    /// nothing more will arrive.
    private var hungUp = false

    /// The terminal size tests run at, in columns and rows.
    static let size = (columns: 100, rows: 30)

    /// The environment programs get by default: this process's, with a
    /// terminal type libedit knows and no colour.
    static var defaultEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = "1"
        return environment
    }

    /// Errors starting the program.
    struct Failure: Error, CustomStringConvertible {
        /// What failed.
        var description: String
    }

    /// Opens a pseudo-terminal of `size` and starts the program on it.
    ///
    /// - Parameters:
    ///   - path: The executable.
    ///   - arguments: Its arguments (without the program name).
    ///   - environment: Its whole environment.
    /// - Throws: `Failure` when the terminal cannot be opened or the
    ///   program cannot be spawned.
    init(path: String, arguments: [String], environment: [String: String] = PseudoTerminal.defaultEnvironment) throws {
        var nameBuffer = [CChar](repeating: 0, count: 256)
        let master = mpt_open_pty(&nameBuffer, nameBuffer.count)
        guard master >= 0 else {
            throw Failure(description: "opening a pseudo-terminal: \(String(cString: strerror(mpt_errno())))")
        }
        Self.setSize(of: master, columns: PseudoTerminal.size.columns, rows: PseudoTerminal.size.rows)

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = mpt_spawn_on_pty(path, argv, envp, nameBuffer, &child)
        guard rc == 0 else {
            close(master)
            throw Failure(description: "spawning \(path): \(String(cString: strerror(rc)))")
        }
        self.master = master
        self.pid = child
    }

    /// Kills the program's process group if it still runs, reaps the
    /// program and closes the terminal.
    deinit {
        if exitStatus == nil {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && mpt_errno() == EINTR {}
        }
        close(master)
    }

    // MARK: - Driving

    /// Types text: its UTF-8 bytes go to the program as keys ("\r" Enter,
    /// "\t" Tab, "\u{03}" Ctrl-C, "\u{04}" Ctrl-D, "\u{1B}[A" arrow up).
    func send(_ text: String) {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written < 0 {
                if mpt_errno() == EINTR || mpt_errno() == EAGAIN { pump(timeout: 0.01); continue }
                return
            }
            bytes.removeFirst(written)
        }
    }

    /// Changes the window size, as a user resizing the window does: the
    /// kernel sends SIGWINCH to the program.
    func resize(columns: Int, rows: Int) {
        Self.setSize(of: master, columns: columns, rows: rows)
    }

    /// Waits until `substring` appears in the transcript (escape sequences
    /// and control characters removed) after the previous match, and
    /// consumes the transcript up to the end of the match, as expect(1)
    /// does: the same prompt can be waited for again after each line.
    ///
    /// - Returns: false if it did not appear within `timeout` seconds.
    @discardableResult
    func waitFor(_ substring: String, timeout: Double = 10) -> Bool {
        let needle = Array(substring.utf8)
        let deadline = Self.now() + timeout
        while true {
            if let end = Self.find(needle, in: plain, from: consumed) {
                consumed = end
                return true
            }
            let left = deadline - Self.now()
            if left <= 0 || hungUp { return false }
            pump(timeout: min(left, 0.05))
        }
    }

    /// Waits until the program reads keys one at a time (the terminal is in
    /// non-canonical mode, as a line editor sets it while editing). Keys
    /// typed before that are echoed twice and Ctrl-C raises SIGINT instead
    /// of reaching the editor, so tests wait for this after each prompt.
    ///
    /// - Returns: false if it did not happen within `timeout` seconds.
    @discardableResult
    func waitForRawMode(timeout: Double = 10) -> Bool {
        let deadline = Self.now() + timeout
        while true {
            var settings = termios()
            // On Linux the master reports the terminal's (shared) settings.
            if tcgetattr(master, &settings) == 0, settings.c_lflag & tcflag_t(ICANON) == 0 { return true }
            if Self.now() >= deadline || hungUp { return false }
            pump(timeout: 0.005)
        }
    }

    /// Waits for the program to exit, reading what it writes meanwhile.
    ///
    /// - Returns: Its exit status (128 + the signal if a signal ended it),
    ///   or nil if it still runs after `timeout` seconds.
    func waitForExit(timeout: Double = 10) -> Int32? {
        let deadline = Self.now() + timeout
        while exitStatus == nil {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7F
                exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
                break
            }
            if Self.now() >= deadline { return nil }
            pump(timeout: 0.01)
        }
        while pump(timeout: 0) {}
        return exitStatus
    }

    // MARK: - Transcript

    /// Everything the program wrote so far, escape sequences included.
    var transcript: String {
        pump(timeout: 0)
        return String(decoding: raw, as: UTF8.self)
    }

    /// Everything the program wrote so far, as plain text (see
    /// `stripEscapes`).
    var plainTranscript: String {
        pump(timeout: 0)
        return String(decoding: plain, as: UTF8.self)
    }

    /// The plain transcript after the last `waitFor` match.
    var unconsumed: String {
        pump(timeout: 0)
        return String(decoding: plain[consumed...], as: UTF8.self)
    }

    /// Terminal output as plain text: ANSI escape sequences (CSI, OSC and
    /// two-byte escapes) and control characters other than newline and tab
    /// (carriage return, backspace, bell) removed.
    static func stripEscapes(_ text: String) -> String {
        var filter = EscapeFilter()
        var plain: [UInt8] = []
        filter.feed(Array(text.utf8), into: &plain)
        return String(decoding: plain, as: UTF8.self)
    }

    // MARK: - Internals

    /// Reads what is available (waiting up to `timeout` seconds for the
    /// first bytes).
    ///
    /// - Returns: Whether anything was read.
    @discardableResult
    private func pump(timeout: Double) -> Bool {
        if hungUp {
            if timeout > 0 { usleep(useconds_t(timeout * 1_000_000)) }
            return false
        }
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        var readAny = false
        var wait = Int32(max(0, timeout * 1000))
        while poll(&descriptor, 1, wait) > 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(master, &buffer, buffer.count)
            if count < 0 && mpt_errno() == EINTR { continue }
            // 0 or EIO: every slave descriptor is closed (the program and
            // anything it started have exited).
            guard count > 0 else {
                hungUp = true
                break
            }
            let bytes = Array(buffer[0..<count])
            raw += bytes
            filter.feed(bytes, into: &plain)
            readAny = true
            wait = 0
        }
        return readAny
    }

    /// TIOCSWINSZ on the master.
    private static func setSize(of master: Int32, columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(clamping: rows), ws_col: UInt16(clamping: columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Where `needle` ends in `haystack` at or after `start`, if it occurs.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty else { return start }
        guard haystack.count - start >= needle.count else { return nil }
        for index in start...(haystack.count - needle.count)
        where haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index + needle.count
        }
        return nil
    }

    /// Monotonic seconds.
    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Removes terminal escape sequences from a byte stream that arrives in
/// pieces (a sequence may be split between reads). Works on bytes: ESC and
/// the control characters are ASCII and never occur inside a UTF-8
/// multi-byte sequence.
struct EscapeFilter {
    /// Where in a sequence the last byte left off: plain text, after ESC,
    /// before a charset designator's argument, inside a CSI (`ESC [`) up to
    /// its final byte, inside an OSC (`ESC ]`) up to BEL or `ESC \`.
    private enum State { case text, escape, escapeArgument, csi, osc, oscEscape }
    private var state = State.text

    /// Appends the plain text in `bytes` to `output`.
    mutating func feed(_ bytes: [UInt8], into output: inout [UInt8]) {
        for byte in bytes {
            switch state {
            case .text:
                switch byte {
                case 0x1B: state = .escape
                case 0x0A, 0x09: output.append(byte)
                case 0x00..<0x20, 0x7F: break
                default: output.append(byte)
                }
            case .escape:
                switch byte {
                case UInt8(ascii: "["): state = .csi
                case UInt8(ascii: "]"): state = .osc
                case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "#"):
                    state = .escapeArgument
                default: state = .text
                }
            case .escapeArgument:
                state = .text
            case .csi:
                if (0x40...0x7E).contains(byte) { state = .text }
            case .osc:
                if byte == 0x07 { state = .text } else if byte == 0x1B { state = .oscEscape }
            case .oscEscape:
                state = .text
            }
        }
    }
}
