/// The commands a learner types at the shell's prompt: names, aliases and
/// help text in one table, so that `help`, tab completion and dispatch
/// cannot disagree.
public enum SessionCommand: String, CaseIterable, Sendable {
    case help, lessons, open, resume, next, back, step, show, run, answer, hint
    case write, edit, check, solution, tree, who, progress, reset, quit

    /// Other names the command answers to.
    public var aliases: [String] {
        switch self {
        case .help: return ["?"]
        case .lessons: return ["list", "ls"]
        case .open: return ["lesson", "start"]
        case .resume: return ["continue"]
        case .next: return ["n"]
        case .back: return ["prev", "previous", "b"]
        case .step: return ["goto"]
        case .show: return ["again"]
        case .run: return ["r"]
        case .answer: return ["a"]
        case .hint: return ["h"]
        case .write: return []
        case .edit: return []
        case .check: return ["c"]
        case .solution: return ["giveup", "give-up"]
        case .tree: return ["ps"]
        case .who: return ["pids"]
        case .progress: return []
        case .reset: return []
        case .quit: return ["exit", "q"]
        }
    }

    /// How to call it.
    public var usage: String {
        switch self {
        case .open: return "open LESSON"
        case .step: return "step N"
        case .answer: return "answer TEXT"
        case .reset: return "reset [LESSON]"
        case .help: return "help [COMMAND]"
        default: return rawValue
        }
    }

    /// Whether anything may follow the command's name.
    public var takesArgument: Bool {
        switch self {
        case .help, .open, .step, .answer, .reset: return true
        default: return false
        }
    }

    /// One line of help.
    public var summary: String {
        switch self {
        case .help: return "this list, or more on one command"
        case .lessons: return "the lessons, with your progress in each"
        case .open: return "open a lesson (by id or number) where you left it"
        case .resume: return "go back to where you were"
        case .next: return "the next step (or the next lesson)"
        case .back: return "the step before"
        case .step: return "go to step N of this lesson"
        case .show: return "show the current step again"
        case .run: return "run this step's example live (Ctrl-C stops it)"
        case .answer: return "answer the quiz (plain text works too while a quiz waits)"
        case .hint: return "one more hint for the quiz or exercise"
        case .write: return "type your program for the exercise; end with a line holding only ."
        case .edit: return "open your program for the exercise in $EDITOR"
        case .check: return "run your program and check it against the exercise"
        case .solution: return "show the reference solution (after 3 tries, or to give up)"
        case .tree: return "the processes of the last run: who started whom, how each ended"
        case .who: return "the last run's output with the pid of the process that printed each line"
        case .progress: return "what you have done in each lesson"
        case .reset: return "forget your progress in this lesson (or LESSON)"
        case .quit: return "leave (your progress is saved); Ctrl-D works too"
        }
    }

    /// The command a typed word names, if any.
    public init?(word: String) {
        let lowered = word.lowercased()
        guard let found = SessionCommand.allCases.first(where: { $0.rawValue == lowered || $0.aliases.contains(lowered) }) else {
            return nil
        }
        self = found
    }

    /// Every name and alias, for completion.
    public static var allNames: [String] {
        allCases.flatMap { [$0.rawValue] + $0.aliases.filter { $0.count > 1 && $0 != "?" } }.sorted()
    }
}
