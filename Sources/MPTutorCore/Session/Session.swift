import FoundationEssentials
import Synchronization

/// What the session says: styled text, or a running program's output as it
/// arrives. The terminal and the transcript replayer are both just sinks
/// for these events.
public enum SessionEvent: Sendable {
    /// A line of the tutorial's own text.
    case text(StyledText)
    /// Output of a running program (any piece of a line), by stream.
    case programOutput(OutputStream, String)
    /// A program run starts (true) or has been reported on (false): what
    /// is said in between varies from run to run (pids, timings), which a
    /// transcript recorder needs to know.
    case runPhase(started: Bool)
}

/// What the front end should do after a line was handled.
public enum SessionAction: Sendable, Equatable {
    /// Read the next line.
    case proceed
    /// Open this file in the learner's editor, then call `editorClosed()`.
    case openEditor(String)
    /// Leave.
    case quit
}

/// Lets another thread (the Ctrl-C handler) stop the program the session is
/// running, without touching the session itself.
public final class RunInterrupter: Sendable {
    private let current = Mutex<RunControl?>(nil)

    init() {}

    /// Interrupts the running program: SIGINT to its process group, then
    /// SIGKILL on a second call. Returns false when nothing is running.
    @discardableResult
    public func interrupt() -> Bool {
        current.withLock { control in
            guard let control else { return false }
            control.interrupt()
            return true
        }
    }

    func begin(_ control: RunControl) { current.withLock { $0 = control } }
    func end() { current.withLock { $0 = nil } }
}

/// The tutorial itself: lessons step by step, live runs, quizzes, exercises
/// and saved progress, driven one input line at a time.
///
/// The interactive shell and `mptutor replay` both feed lines to `handle`
/// and render the events it emits; neither has a path of its own, so a
/// replayed transcript tests exactly what a learner gets.
public final class Session {
    let course: Course
    let runner: DeferredRunner
    let store: ProgressStore?
    let emit: @Sendable (SessionEvent) -> Void
    let width: @Sendable () -> Int
    /// Lets a signal handler stop the current run.
    public let interrupter = RunInterrupter()

    var progress: Progress
    /// The open lesson (index into `course.lessons`) and step (1-based).
    var lessonIndex: Int?
    var stepNumber = 1
    /// Lines of a program being typed after `write`.
    var programLines: [String]?
    /// Whether an empty line accepts the offer made at the start.
    var offerPending = true
    /// Saving failed once already; do not repeat the warning every step.
    var saveWarningShown = false
    /// Programs typed in this session, by exercise key (also saved to disk
    /// when there is a store; kept here so a read-only disk loses nothing).
    var unsavedPrograms: [String: String] = [:]
    /// What the learner last worked on in this step: `hint` and `solution`
    /// are about that one when a step has both a quiz and an exercise.
    var focus: Focus?
    /// The last program run, for `tree`.
    var lastRun: RunResult?

    /// The kind of item a learner is working on.
    enum Focus { case quiz, exercise }

    /// Attempts after which `solution` is given without giving up.
    static let attemptsBeforeSolution = 3

    /// - Parameters:
    ///   - course: the lessons.
    ///   - runner: runs examples and the learner's programs.
    ///   - store: where progress is kept; nil keeps it in memory only.
    ///   - width: the current terminal width (asked on every render, so a
    ///     resize re-wraps what is printed next).
    ///   - emit: receives everything the session prints.
    public convenience init(course: Course, runner: Runner, store: ProgressStore?,
                            width: @escaping @Sendable () -> Int = { 80 },
                            emit: @escaping @Sendable (SessionEvent) -> Void) {
        self.init(course: course, runner: DeferredRunner(runner), store: store, width: width, emit: emit)
    }

    /// Like the other initialiser, with a runner whose interpreter may
    /// still be being found (the first run waits for it).
    public init(course: Course, runner: DeferredRunner, store: ProgressStore?,
                width: @escaping @Sendable () -> Int = { 80 },
                emit: @escaping @Sendable (SessionEvent) -> Void) {
        self.course = course
        self.runner = runner
        self.store = store
        self.width = width
        self.emit = emit
        self.progress = Progress()
    }

    /// The prompt for the next line: where the learner is.
    public var prompt: String {
        if programLines != nil { return "... " }
        guard let lesson = currentLesson else { return "mptutor> " }
        return "\(lesson.id) \(stepNumber)/\(lesson.steps.count)> "
    }

    /// True while a program is being typed line by line.
    public var isEnteringProgram: Bool { programLines != nil }

    // MARK: Start

    /// Loads progress and greets the learner: a new one is offered lesson
    /// 1, a returning one the exact place they left.
    public func start() {
        if let store {
            let loaded = store.load()
            progress = loaded.progress
            if let warning = loaded.warning { say(warning, .error) }
        }
        say("Welcome to mptutor: Python multiprocessing, one live example at a time.", .heading)
        for broken in course.broken {
            say("note: \(broken.error.location): \(broken.error.message) (that lesson is skipped)", .dim)
        }
        guard let first = course.lessons.first else {
            say("There are no lessons to show. Check the lesson folder.", .error)
            offerPending = false
            return
        }
        if let position = progress.position, let lesson = course.lesson(named: position.lesson),
           position.step >= 1, position.step <= lesson.steps.count {
            say("Welcome back. You were at \(lesson.title), step \(position.step) of \(lesson.steps.count).")
            say("Press Enter (or type resume) to go on there; help lists the commands.", .dim)
        } else {
            say("\(course.lessons.count) lessons, from the first fork to a pool of workers. Type help for the commands.")
            say("Press Enter (or type start) to begin with lesson \(first.order): \(first.title).", .dim)
        }
    }

    // MARK: Input

    /// Handles one line the learner typed.
    public func handle(_ line: String) -> SessionAction {
        if programLines != nil {
            return receiveProgramLine(line)
        }
        let trimmed = line.trimmingWhitespace
        if trimmed.isEmpty {
            if offerPending {
                offerPending = false
                resumeOrStart()
            }
            return .proceed
        }
        offerPending = false
        let word = String(trimmed.prefix { !$0.isWhitespace })
        let argument = trimmed.dropFirst(word.count).trimmingWhitespace
        // While a quiz waits, a one-letter line is an answer ("a", "b"),
        // not the command it abbreviates; full command names still work.
        let command = (pendingQuiz != nil && trimmed.count == 1) ? nil : SessionCommand(word: word)
        guard let command else {
            if let quiz = pendingQuiz {
                answerQuiz(quiz.quiz, index: quiz.index, with: trimmed)
                return .proceed
            }
            say("unknown command '\(word)'. Type help for the list of commands.", .error)
            return .proceed
        }
        if !argument.isEmpty, !command.takesArgument {
            say("\(command.rawValue) takes nothing after it; ignoring '\(argument)'.", .dim)
        }
        return perform(command, word: word, argument: argument)
    }

    /// Ctrl-C at the prompt: abandons a program being typed.
    public func cancelInput() {
        if programLines != nil {
            programLines = nil
            say("(program entry cancelled; your saved program is unchanged)", .dim)
        }
    }

    /// Called after the editor opened by `.openEditor` has closed.
    public func editorClosed() {
        guard let key = currentExerciseKey else { return }
        unsavedPrograms[key] = nil
        guard let source = store?.program(for: key) else { return }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
        say("Saved your program (\(lines) lines). Type check to run it.", .dim)
    }

    /// Saves progress; to be called once more on the way out.
    public func finish() {
        save()
    }

    private func perform(_ command: SessionCommand, word: String, argument: String) -> SessionAction {
        switch command {
        case .help: showHelp(argument)
        case .lessons: listLessons()
        case .open: openLesson(argument)
        case .resume: resumeOrStart()
        case .next: moveStep(by: 1)
        case .back: moveStep(by: -1)
        case .step: goToStep(argument)
        case .show: showCurrentStep()
        case .run: runExamples()
        case .answer: answerCommand(argument)
        case .hint: giveHint()
        case .write: beginProgram()
        case .edit: return editProgram()
        case .check: checkProgram()
        case .solution: showSolution(giveUp: word.lowercased().hasPrefix("give"))
        case .progress: showProgress()
        case .tree: showProcessTree()
        case .who: showWhoPrinted()
        case .reset: resetLesson(argument)
        case .quit:
            save()
            say("Bye. Your progress is saved; run mptutor again to go on where you were.", .dim)
            return .quit
        }
        return .proceed
    }

    // MARK: Completion

    /// Words that complete the last word of `line` (commands, lesson ids,
    /// step numbers), for the line editor's Tab.
    public func completions(for line: String) -> [String] {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count > 1 else {
            let prefix = words.first ?? ""
            return SessionCommand.allNames.filter { $0.hasPrefix(prefix.lowercased()) }
        }
        let partial = words.last ?? ""
        switch SessionCommand(word: words[0]) {
        case .open, .reset:
            return course.lessons.map(\.id).filter { $0.hasPrefix(partial) }
        case .step:
            let count = currentLesson?.steps.count ?? 0
            return (0..<count).map { String($0 + 1) }.filter { $0.hasPrefix(partial) }
        case .help:
            return SessionCommand.allCases.map(\.rawValue).filter { $0.hasPrefix(partial) }
        default:
            return []
        }
    }

    // MARK: Output

    func say(_ text: String, _ style: StyledText.Style = .plain) {
        emit(.text(StyledText(text, style)))
    }

    func say(_ text: StyledText) {
        emit(.text(text))
    }

    func say(lines: [StyledText]) {
        for line in lines { emit(.text(line)) }
    }

    func save() {
        guard let store else { return }
        do {
            try store.save(progress)
        } catch {
            if !saveWarningShown {
                say("warning: \(error). Your progress in this session is kept in memory only.", .error)
                saveWarningShown = true
            }
        }
    }
}
