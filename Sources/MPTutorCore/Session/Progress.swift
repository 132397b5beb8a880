/// What a learner has done in one course: per lesson and step, what was
/// seen, run, answered and passed, and where they were, so that they can
/// leave and come back to exactly that place.
public struct Progress: Codable, Sendable, Equatable {
    /// The format version, for files written by later releases.
    public var version = 1
    /// Progress per lesson id.
    public var lessons: [String: LessonProgress] = [:]
    /// The lesson and step the learner was at.
    public var position: Position?

    /// A place in the course.
    public struct Position: Codable, Sendable, Equatable {
        /// The lesson's id.
        public var lesson: String
        /// The 1-based step.
        public var step: Int
    }

    /// A new learner's progress.
    public init() {}

    /// The progress of a lesson (empty if never opened).
    public subscript(lesson id: String) -> LessonProgress {
        get { lessons[id] ?? LessonProgress() }
        set { lessons[id] = newValue }
    }
}

/// Progress in one lesson.
public struct LessonProgress: Codable, Sendable, Equatable {
    /// Progress per step number (JSON keys are strings).
    public var steps: [String: StepProgress] = [:]
    /// The step the learner was last at.
    public var lastStep = 1

    /// Empty progress.
    public init() {}

    /// The progress of step `number`.
    public subscript(step number: Int) -> StepProgress {
        get { steps[String(number)] ?? StepProgress() }
        set { steps[String(number)] = newValue }
    }
}

/// Progress in one step.
public struct StepProgress: Codable, Sendable, Equatable {
    /// The step was shown.
    public var seen = false
    /// Its example was run.
    public var ran = false
    /// Per quiz (by index within the step).
    public var quizzes: [String: ItemProgress] = [:]
    /// Per exercise (by index within the step).
    public var exercises: [String: ItemProgress] = [:]

    /// Empty progress.
    public init() {}
}

/// Progress on one quiz or exercise.
public struct ItemProgress: Codable, Sendable, Equatable {
    /// Answered correctly, or the exercise's check passed.
    public var done = false
    /// Answers given or checks run.
    public var attempts = 0
    /// Hints shown so far.
    public var hintsShown = 0
    /// The learner asked for the solution.
    public var gaveUp = false

    /// Empty progress.
    public init() {}
}
