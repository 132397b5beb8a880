import ArgumentParser
import FoundationEssentials
import MPTutorCore

/// `mptutor run`: runs a lesson's example, or any Python file, live under
/// the same supervision as the shell, streams its output, then reports
/// whether it matched.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a lesson's examples live, or any Python file.",
        discussion: """
            mptutor run fork 2          run step 2's example of lesson 'fork' and match its output
            mptutor run try.py          run a file under mptutor's supervision
            mptutor run try.py --expect try.expect
                                        ... and match its output against a file of patterns
            """)

    @Argument(help: "A lesson (id, number or file) or a Python file.")
    var target: String

    @Argument(help: "The step whose examples to run (default: every example of the lesson).")
    var step: Int?

    @Option(help: ArgumentHelp("A file of expected-output patterns to match a Python file's output against.", valueName: "file"))
    var expect: String?

    @Option(help: "With --expect: the stream the patterns describe (stdout, stderr, merged).")
    var stream: String = "stdout"

    @Option(help: "Seconds before the run's whole process tree is ended.")
    var timeout: Double?

    @Option(help: "Output buffering of every Python process: line, unbuffered, block.")
    var buffering: String?

    @Flag(help: "With --expect: allow output on stderr that no pattern covers.")
    var allowStderr = false

    @Flag(help: "After the run, show its processes: who started whom and how each ended.")
    var tree = false

    @Flag(help: "Show which process printed each line (after the run, the output again with a pid column).")
    var pids = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        if target.hasSuffix(".py") || (FileManager.default.fileExists(atPath: target) && !target.hasSuffix(".md")) {
            try runFile(runner: try common.makeRunner(manyRuns: false), console: console)
            return
        }
        let lesson = try LessonLookup.find(target, common: common)
        var examples = lesson.examples
        if let step {
            guard step >= 1, step <= lesson.steps.count else {
                throw ValidationError("lesson '\(lesson.id)' has steps 1 to \(lesson.steps.count), not \(step)")
            }
            examples = examples.filter { $0.step == step }
            if examples.isEmpty { throw ValidationError("step \(step) of '\(lesson.id)' has no live example") }
        }
        let runner = try common.makeRunner(manyRuns: examples.count > 1)
        var failed = false
        for (number, example) in examples {
            console.line(StyledText("── \(lesson.id) step \(number): \(lesson.steps[number - 1].title)", .heading))
            var settings = example.settings
            if let timeout { settings.timeout = timeout }
            if let buffering { settings.buffering = try parseBuffering(buffering) }
            var options = settings.runOptions
            options.tagProcesses = pids
            let verdict = try LiveRun.run(Program(source: example.source), options: options,
                                          expectation: example.expectation, runner: runner, console: console,
                                          showTree: tree, showPids: pids)
            failed = failed || verdict?.passed == false
        }
        if failed { throw ExitCode(1) }
    }

    private func runFile(runner: Runner, console: Console) throws {
        guard let data = FileManager.default.contents(atPath: target), let source = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read \(target) as UTF-8 text")
        }
        var options = RunOptions()
        if let timeout { options.timeout = timeout }
        if let buffering { options.buffering = try parseBuffering(buffering) }
        options.tagProcesses = pids
        var expectation: OutputExpectation?
        if let expect {
            guard let text = try? String(contentsOfFile: expect, encoding: .utf8) else {
                throw ValidationError("cannot read the pattern file \(expect)")
            }
            guard let selected = ExpectedStream(rawValue: stream) else {
                throw ValidationError("--stream is stdout, stderr or merged")
            }
            var lines = text.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            do {
                let block = try ExpectBlockParser.parse(lines, stream: selected, fence: SourceLocation(file: expect, line: 0))
                expectation = OutputExpectation(blocks: [block], exit: .any, allowsStderr: allowStderr)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        let program = Program(source: source, fileName: target.pathLastComponent)
        let verdict = try LiveRun.run(program, options: options, expectation: expectation, runner: runner, console: console,
                                      showTree: tree, showPids: pids)
        if verdict?.passed == false { throw ExitCode(1) }
    }

    private func parseBuffering(_ text: String) throws -> OutputBuffering {
        guard let mode = OutputBuffering(rawValue: text) else {
            throw ValidationError("--buffering is line, unbuffered or block")
        }
        return mode
    }
}
