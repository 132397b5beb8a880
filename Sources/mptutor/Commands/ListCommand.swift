import ArgumentParser
import MPTutorCore

/// `mptutor list`: the lessons in course order, broken ones flagged with
/// their error so an instructor sees at once what to fix.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the lessons of the course.")

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        let course = try common.loadCourse()
        let idWidth = course.lessons.map(\.id.count).max() ?? 0
        for lesson in course.lessons {
            var line = StyledText(pad(String(lesson.order), 3) + "  ", .dim)
            line.append(lesson.id.padded(to: idWidth), .emphasis)
            line.append("  \(lesson.title)")
            line.append("  (\(lesson.steps.count) steps)", .dim)
            console.line(line)
        }
        for broken in course.broken {
            var line = StyledText("  !  ", .error)
            line.append("\(broken.file): broken: ", .error)
            line.append(broken.error.description)
            console.line(line)
        }
        if course.lessons.isEmpty && course.broken.isEmpty {
            console.line(StyledText("no lessons found in \(try common.lessonDirectory())", .dim))
        }
        QuickExit.now(course.broken.isEmpty ? 0 : 1)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
