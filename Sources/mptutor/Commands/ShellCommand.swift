import ArgumentParser
import FoundationEssentials
import Glibc
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
        // Found in the background (started below): the prompt does not wait
        // for python3.
        let python = common.python
        let runner = DeferredRunner { (control: RunControl) throws(RunnerError) in
            Runner(interpreter: try PythonInterpreter.resolve(
                explicit: python, environment: ProcessInfo.processInfo.environment, control: control))
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
        // The course is loaded and the welcome shown: now find python3,
        // while the learner reads.
        runner.start()
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
        // A probe still under way is ended (and cleans up after itself)
        // rather than left to die half-way with its temporary folder.
        runner.abandon()
        interrupts.stop()
        QuickExit.now()
    }
}
