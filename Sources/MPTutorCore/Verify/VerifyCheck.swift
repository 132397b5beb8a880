/// One thing `verify` checks: an example, an exercise's solution or
/// starter, or a quiz's answers.
public struct VerifyCheck: Sendable {
    /// What is checked.
    public enum Subject: Sendable {
        case example(Example)
        case solution(Exercise)
        case starter(Exercise)
        case quiz(Quiz)
        case broken(BrokenLesson)
    }

    /// The lesson's id (or file, for a broken one).
    public var lesson: String
    /// The lesson's position in the course, for ordering the report.
    public var order: Int
    /// The step number, 0 for a broken lesson.
    public var step: Int
    /// What is checked.
    public var subject: Subject

    /// Where the thing checked is written.
    public var location: SourceLocation {
        switch subject {
        case .example(let example): return example.location
        case .solution(let exercise): return exercise.solutionLocation
        case .starter(let exercise): return exercise.starterLocation
        case .quiz(let quiz): return quiz.location
        case .broken(let broken): return broken.error.location
        }
    }

    /// `fork step 2: example`, for the report.
    public var title: String {
        let what: String
        switch subject {
        case .example: what = "example"
        case .solution(let exercise): what = "exercise '\(exercise.title)': solution passes"
        case .starter(let exercise): what = "exercise '\(exercise.title)': starter does not pass"
        case .quiz(let quiz): what = "quiz '\(quiz.title)': answers"
        case .broken: return "\(lesson): lesson loads"
        }
        return "\(lesson) step \(step): \(what)"
    }
}

/// The outcome of one check.
public struct VerifyOutcome: Sendable {
    /// The check.
    public var check: VerifyCheck
    /// Empty when it passed; otherwise the report, ready to print.
    public var problems: [StyledText]
    /// Programs run for the check (none for a quiz or a broken lesson).
    public var runs: Int
    /// Seconds the slowest run took.
    public var slowest: Double

    /// True when nothing went wrong.
    public var passed: Bool { problems.isEmpty }
}
