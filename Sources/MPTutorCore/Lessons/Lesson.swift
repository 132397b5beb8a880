/// A lesson: a titled sequence of steps that a learner goes through in
/// order, parsed from one Markdown file.
public struct Lesson: Sendable, Identifiable {
    /// The short name used on the command line (`fork`).
    public var id: String
    /// The title.
    public var title: String
    /// Position in the course.
    public var order: Int
    /// One line for listings.
    public var summary: String
    /// The file it was read from.
    public var file: String
    /// Markdown before the first step.
    public var introduction: String
    /// The steps, numbered from 1.
    public var steps: [Step]
    /// The line that gives the id (`id:` in the front matter), or 1 when
    /// the id comes from the file name: where a clash with another
    /// lesson's id is reported.
    public var idLine = 1

    /// Every live example of the lesson, with the step it belongs to.
    public var examples: [(step: Int, example: Example)] {
        steps.flatMap { step in step.examples.map { (step.number, $0) } }
    }

    /// Every quiz of the lesson, with its step.
    public var quizzes: [(step: Int, quiz: Quiz)] {
        steps.flatMap { step in step.quizzes.map { (step.number, $0) } }
    }

    /// Every exercise of the lesson, with its step.
    public var exercises: [(step: Int, exercise: Exercise)] {
        steps.flatMap { step in step.exercises.map { (step.number, $0) } }
    }
}

/// One step of a lesson: prose and the live content the learner meets in it.
public struct Step: Sendable {
    /// 1-based position in the lesson.
    public var number: Int
    /// The text of its `## ` heading.
    public var title: String
    /// Where the heading is.
    public var location: SourceLocation
    /// What the step holds, in file order.
    public var blocks: [StepBlock]

    /// The step's live examples.
    public var examples: [Example] {
        blocks.compactMap { if case .example(let example) = $0 { return example } else { return nil } }
    }

    /// The step's quizzes.
    public var quizzes: [Quiz] {
        blocks.compactMap { if case .quiz(let quiz) = $0 { return quiz } else { return nil } }
    }

    /// The step's exercises.
    public var exercises: [Exercise] {
        blocks.compactMap { if case .exercise(let exercise) = $0 { return exercise } else { return nil } }
    }
}

/// A piece of a step.
public enum StepBlock: Sendable {
    /// Markdown prose.
    case prose(String)
    /// Code shown but not run, with its language.
    case code(String, language: String)
    /// A live example.
    case example(Example)
    /// A quiz.
    case quiz(Quiz)
    /// An exercise.
    case exercise(Exercise)
}
