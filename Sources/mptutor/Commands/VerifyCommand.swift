import ArgumentParser
import FoundationEssentials
import MPTutorCore
import Synchronization

/// `mptutor verify`: runs every example and reference solution of the given
/// lessons (default: the built-in course) and checks them against their
/// patterns; CI runs it so that a lesson that rots fails the build.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run and check every example, exercise and quiz of the lessons.")

    @Argument(help: "Lesson files or folders (default: the built-in course).")
    var paths: [String] = []

    @Option(name: .customLong("repeat"), help: "Runs of each example and solution, to catch expectations that hold only on lucky runs.")
    var repetitions: Int = 1

    @Option(help: "Programs run at once (default: one per core).")
    var jobs: Int?

    @Flag(name: .shortAndLong, help: "Print every check, not only failures.")
    var verbose = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if repetitions < 1 { throw ValidationError("--repeat must be at least 1") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let console = common.console
        let course = Course.load(paths: paths.isEmpty ? [try common.lessonDirectory()] : paths)
        let runner = try common.makeRunner()
        let verifier = Verifier(runner: runner, repetitions: repetitions,
                                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let started = Date()
        let verbose = verbose
        let printed = Mutex(0)
        let outcomes = verifier.verify(course) { outcome in
            printed.withLock { _ in
                if outcome.passed {
                    if verbose { console.line(StyledText("✓ ", .success) + StyledText(outcome.check.title)) }
                } else {
                    console.line(StyledText("✗ ", .error) + StyledText(outcome.check.title, .emphasis)
                                 + StyledText("  (\(outcome.check.location))", .dim))
                    console.lines(outcome.problems.map { StyledText("  ") + $0 })
                    console.line()
                }
            }
        }
        let passed = outcomes.filter(\.passed).count
        let failed = outcomes.count - passed
        let runs = outcomes.reduce(0) { $0 + $1.runs }
        let seconds = Date().timeIntervalSince(started)
        console.line(StyledText("\(course.lessons.count + course.broken.count) lessons, \(runs) programs run in \(String(seconds, fractionDigits: 1)) s", .dim))
        console.line(StyledText("\(passed) passed, \(failed) failed", failed == 0 ? .success : .error))
        if failed > 0 { throw ExitCode(1) }
    }
}
