import ArgumentParser
import CSystemShims
import Foundation
import MPTutorCore

/// `mptutor` with no subcommand: the interactive tutorial. A thin loop
/// that reads a line (with libedit on a terminal, plain lines otherwise),
/// hands it to the session engine, and renders what the engine says.
struct ShellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "The interactive tutorial (what plain `mptutor` starts).")

    @Option(help: ArgumentHelp("Write a transcript of this session to a file (replay it with mptutor replay).", valueName: "file"))
    var record: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let interactive = isatty(STDIN_FILENO) == 1
        let console = Console(choice: interactive ? common.color : (common.color == .always ? .always : .never))
        let lessons = try common.lessonDirectory()
        let course = Course.load(paths: [lessons])
        // Found in the background: the prompt does not wait for python3.
        let python = common.python
        let runner = DeferredRunner {
            () throws(RunnerError) in
            Runner(interpreter: try PythonInterpreter.resolve(explicit: python, environment: ProcessInfo.processInfo.environment))
        }
        let stateFolder = StateDirectory.courseFolder(lessons: lessons, builtIn: common.lessons == nil)
        let recorder = try record.map { try TranscriptRecorder(file: $0) }
        let renderer = SessionRenderer(console: console)
        let session = Session(
            course: course, runner: runner, store: ProgressStore(directory: stateFolder),
            // A recorded session is wrapped at 80 columns, as replays are.
            width: { [recording = recorder != nil] in
                recording ? 80 : Console.terminalWidth(environment: ProcessInfo.processInfo.environment)
            },
            emit: { event in
                recorder?.record(event)
                renderer.render(event)
            })
        let interrupter = session.interrupter
        let interrupts = InterruptForwarder { interrupter.interrupt() }
        defer { interrupts.stop() }
        let reader = LineReaders.make(
            interactive: interactive, historyFile: StateDirectory.path() + "/history",
            completer: { session.completions(for: $0) })
        session.start()
        loop: while true {
            switch reader.read(prompt: session.prompt) {
            case .endOfInput:
                if !interactive { break loop }
                console.line()
                _ = session.handle("quit")
                break loop
            case .interrupted:
                session.cancelInput()
                continue
            case .line(let line):
                recorder?.input(line)
                if !session.isEnteringProgram { reader.remember(line) }
                switch session.handle(line) {
                case .proceed:
                    continue
                case .quit:
                    break loop
                case .openEditor(let path):
                    ExternalEditor.open(path, console: console)
                    session.editorClosed()
                }
            }
        }
        session.finish()
        reader.close()
        recorder?.finish()
        // Let a still-running interpreter probe finish and clean up after
        // itself rather than die half-way with its temporary folder.
        _ = try? runner.get()
    }
}

/// Renders session events on the terminal: the tutorial's text styled,
/// a program's output as it arrives, made safe (a program's escape
/// sequences never reach the terminal) and stderr in red.
struct SessionRenderer: Sendable {
    let console: Console
    let throttle = OutputThrottle()

    func render(_ event: SessionEvent) {
        switch event {
        case .text(let text):
            console.line(text)
        case .programOutput(let stream, let text):
            ProgramOutputWriter.write(text, stream: stream, console: console, throttle: throttle)
        case .runPhase(let started):
            if !started, let note = throttle.finishRun() { console.line(StyledText(note, .dim)) }
        }
    }
}

/// Writes a running program's output: escape sequences neutralised,
/// stderr in red on a colour terminal, and a flood cut short on screen.
enum ProgramOutputWriter {
    static func write(_ text: String, stream: MPTutorCore.OutputStream, console: Console, throttle: OutputThrottle) {
        func put(_ piece: String) {
            let visible = Sanitizer.visibleKeepingNewlines(piece)
            if stream == .stderr && console.colors {
                console.write("\u{1B}[31m" + visible + "\u{1B}[0m")
            } else {
                console.write(visible)
            }
        }
        switch throttle.admit(text) {
        case .show(let piece):
            put(piece)
        case .showThenSkip(let piece, let notice):
            put(piece)
            if !piece.hasSuffix("\n") { console.write("\n") }
            console.line(StyledText(notice, .dim))
        case .skip:
            break
        }
    }
}

/// Turns Ctrl-C into an interrupt of the running example (its whole
/// process group), never of mptutor itself.
///
/// A C handler writes a byte to a pipe and a thread turns each byte into an
/// interrupt: a dispatch signal source is not enough, since the kernel may
/// deliver SIGINT to a thread that does not block it, where it is lost.
final class InterruptForwarder: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    /// - Parameter onInterrupt: called on a thread of its own for each Ctrl-C.
    init(onInterrupt: @escaping @Sendable () -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            readEnd = -1
            writeEnd = -1
            return
        }
        readEnd = fds[0]
        writeEnd = fds[1]
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        let readEnd = readEnd
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    onInterrupt()
                } else if count == 0 || (count < 0 && errno != EINTR) {
                    return
                }
            }
        }
        thread.start()
        _ = mpt_forward_sigint(writeEnd)
    }

    func stop() {
        signal(SIGINT, SIG_DFL)
        if writeEnd >= 0 { close(writeEnd) }
    }
}

/// Opens a file in `$VISUAL`/`$EDITOR` (default `vi`) on the terminal and
/// waits for it.
enum ExternalEditor {
    static func open(_ path: String, console: Console) {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor command may carry its own arguments ("code -w").
        process.arguments = ["-c", "\(editor) \"$1\"", "mptutor-editor", path]
        do {
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                console.line(StyledText("the editor (\(editor)) exited with status \(process.terminationStatus)", .error))
            }
        } catch {
            console.line(StyledText("cannot start the editor '\(editor)': \(error). Set EDITOR, or use write.", .error))
        }
    }
}
