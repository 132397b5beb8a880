import ArgumentParser
import FoundationEssentials
import Glibc
import MPTutorCore

/// `mptutor replay FILE…`: feeds each transcript's typed lines to the
/// session engine and checks what it prints, as the test suite does.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", abstract: "Replay recorded shell sessions and check their output.")

    @Argument(help: "Transcript files or folders of them (*.transcript).")
    var paths: [String]

    @OptionGroup var common: CommonOptions

    func run() throws {
        let console = common.console
        let course = try common.loadCourse()
        let replayer = TranscriptReplayer(course: course, runner: try common.makeRunner())
        var passed = 0, failed = 0
        for file in transcriptFiles() {
            let outcome: TranscriptReplayer.Outcome
            do {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                outcome = replayer.replay(try Transcript.parse(text, file: file))
            } catch {
                console.line(StyledText("✗ \(file): \(error)", .error))
                failed += 1
                continue
            }
            if outcome.passed {
                passed += 1
                console.line(StyledText("✓ ", .success) + StyledText("\(file) (\(outcome.exchanges) exchanges)"))
            } else {
                failed += 1
                console.line(StyledText("✗ ", .error) + StyledText(file, .emphasis))
                console.lines(outcome.problems.map { StyledText("  ") + $0 })
            }
        }
        console.line(StyledText("\(passed) passed, \(failed) failed", failed == 0 ? .success : .error))
        if failed > 0 { throw ExitCode(1) }
    }

    private func transcriptFiles() -> [String] {
        paths.flatMap { path -> [String] in
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter { $0.hasSuffix(".transcript") }.sorted().map { (path.hasSuffix("/") ? path : path + "/") + $0 }
        }
    }
}
