import ArgumentParser
import FoundationEssentials
import MPTutorCore

/// `mptutor show LESSON [STEP]`: the lesson rendered for a terminal.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a lesson (or one step of it).")

    @Argument(help: "A lesson id, its number, or a lesson file.")
    var lesson: String

    @Argument(help: "A step number (default: the whole lesson).")
    var step: Int?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        let found = try LessonLookup.find(lesson, common: common)
        let renderer = LessonRenderer(width: console.width)
        if let step {
            guard step >= 1, step <= found.steps.count else {
                throw ValidationError("lesson '\(found.id)' has steps 1 to \(found.steps.count), not \(step)")
            }
            console.lines(renderer.render(found.steps[step - 1], of: found))
            return
        }
        console.lines(renderer.header(of: found))
        for step in found.steps {
            console.line()
            console.lines(renderer.render(step, of: found))
        }
    }
}

/// Finds a lesson named on the command line: a file path, or an id or
/// number in the course.
enum LessonLookup {
    static func find(_ name: String, common: CommonOptions) throws -> Lesson {
        if name.hasSuffix(".md"), FileManager.default.fileExists(atPath: name) {
            let course = Course.load(paths: [name])
            if let broken = course.broken.first { throw ValidationError(broken.error.description) }
            return course.lessons[0]
        }
        let course = try common.loadCourse()
        if let lesson = course.lesson(named: name) { return lesson }
        if let broken = course.broken.first(where: { $0.file.contains(name) }) {
            throw ValidationError("that lesson is broken: \(broken.error)")
        }
        let ids = course.lessons.map(\.id).joined(separator: ", ")
        throw ValidationError("no lesson '\(name)'; the lessons are: \(ids)")
    }
}
