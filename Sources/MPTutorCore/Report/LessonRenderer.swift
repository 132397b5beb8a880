/// Turns lessons and steps into styled lines: what `mptutor show` prints
/// and what the shell shows for each step.
public struct LessonRenderer: Sendable {
    private let markdown: MarkdownRenderer

    /// - Parameter width: wrap width in columns.
    public init(width: Int = 80) {
        markdown = MarkdownRenderer(width: width)
    }

    /// The lesson's title block and introduction.
    public func header(of lesson: Lesson) -> [StyledText] {
        var out = [StyledText("\(lesson.order). \(lesson.title)", .heading), StyledText(lesson.summary, .dim)]
        if !lesson.introduction.isEmpty {
            out.append(StyledText())
            out += markdown.render(lesson.introduction)
        }
        return out
    }

    /// One step, with its examples' code, quizzes' questions and exercises'
    /// tasks, in the order the author wrote them.
    public func render(_ step: Step, of lesson: Lesson) -> [StyledText] {
        var out = [StyledText("Step \(step.number) of \(lesson.steps.count): \(step.title)", .heading)]
        for block in step.blocks {
            out.append(StyledText())
            switch block {
            case .prose(let text):
                out += markdown.render(text)
            case .code(let source, _):
                out += codeLines(source)
            case .example(let example):
                out.append(StyledText("Example (type `run` to run it live):", .emphasis))
                out += codeLines(example.source)
            case .quiz(let quiz):
                out.append(StyledText("Quiz" + (quiz.title.isEmpty ? "" : ": \(quiz.title)"), .emphasis))
                out += markdown.render(quiz.question)
                out.append(StyledText("(answer with `answer TEXT`; `hint` for a hint)", .dim))
            case .exercise(let exercise):
                out.append(StyledText("Exercise" + (exercise.title.isEmpty ? "" : ": \(exercise.title)"), .emphasis))
                out += markdown.render(exercise.instructions)
                out.append(StyledText("Starter code:", .dim))
                out += codeLines(exercise.starter)
            }
        }
        return out
    }

    /// Code indented by four columns.
    public func codeLines(_ source: String) -> [StyledText] {
        var lines = source.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { StyledText("    " + $0, .code) }
    }
}
