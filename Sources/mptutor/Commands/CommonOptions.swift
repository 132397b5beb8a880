import ArgumentParser
import FoundationEssentials
import MPTutorCore

/// Options every command that loads lessons or runs Python shares.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A folder of lessons to use instead of the built-in course.", valueName: "dir"))
    var lessons: String?

    @Option(name: .long, help: ArgumentHelp("The Python interpreter (default: $MPTUTOR_PYTHON, then python3).", valueName: "path"))
    var python: String?

    @Option(name: .long, help: "When to use colour: auto (on a terminal, unless NO_COLOR is set), always, never.")
    var color: Console.ColorChoice = .auto

    var console: Console { Console(choice: color) }

    /// The lesson folder to use, or an error a user can act on.
    func lessonDirectory() throws -> String {
        if let lessons { return lessons }
        guard let found = CourseLocator.builtInLessons() else {
            throw ValidationError("cannot find the built-in lessons; set MPTUTOR_LESSONS or pass --lessons DIR")
        }
        return found
    }

    /// The course, loaded (broken lessons included as such).
    func loadCourse() throws -> Course {
        Course.load(paths: [try lessonDirectory()])
    }

    /// A runner for the chosen interpreter.
    /// - Parameter manyRuns: resolve the real interpreter first (one extra
    ///   Python start that pays off over many runs, through a pyenv shim
    ///   above all); for one run the interpreter is only found, and the run
    ///   checks its version itself.
    func makeRunner(manyRuns: Bool = true) throws -> Runner {
        do {
            let environment = ProcessInfo.processInfo.environment
            let interpreter = manyRuns
                ? try PythonInterpreter.resolve(explicit: python, environment: environment)
                : try PythonInterpreter.find(explicit: python, environment: environment)
            return Runner(interpreter: interpreter)
        } catch {
            throw RunFailure(error)
        }
    }
}

extension Console.ColorChoice: ExpressibleByArgument {}
