import Foundation
import Testing

/// The shell driven through plain standard input (as scripts do): progress
/// survives a restart, a damaged progress file is moved aside, and every
/// shipped transcript replays.
@Suite("Shell sessions")
struct ShellSessionTests {
    @Test func progressSurvivesARestart() throws {
        let state = try TemporaryFolder()
        let environment = ["XDG_STATE_HOME": state.path]
        let first = try MPTutorBinary.run([], input: "open fork\nnext\nquit\n", environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Step 2 of 7"))
        #expect(!first.stdout.contains("\u{1B}["), "no escape sequences when stdin is not a terminal")

        let second = try MPTutorBinary.run([], input: "\n", environment: environment)
        #expect(second.status == 0)
        #expect(second.stdout.contains("Welcome back. You were at Two processes from one — os.fork, step 2 of 7."))
        let resumed = try #require(second.stdout.range(of: "Welcome back"))
        #expect(second.stdout[resumed.upperBound...].contains("Step 2 of 7"))
    }

    @Test func aDamagedProgressFileIsMovedAsideAndTheLearnerStartsAfresh() throws {
        let state = try TemporaryFolder()
        let environment = ["XDG_STATE_HOME": state.path]
        _ = try MPTutorBinary.run([], input: "open fork\nquit\n", environment: environment)
        let progress = state.url.appendingPathComponent("mptutor/courses/builtin/progress.json")
        #expect(FileManager.default.fileExists(atPath: progress.path))
        try Data([0xFF, 0x00, 0x7B]).write(to: progress)

        let output = try MPTutorBinary.run([], input: "lessons\nquit\n", environment: environment)
        #expect(output.status == 0)
        #expect(output.stdout.contains("your progress file was damaged; it was moved to"))
        #expect(output.stdout.contains("begin with lesson 1"))
        let folder = progress.deletingLastPathComponent().path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
        // The new session saved fresh progress that loads cleanly.
        let again = try MPTutorBinary.run([], input: "quit\n", environment: environment)
        #expect(!again.stdout.contains("damaged"))
    }

    @Test func anUnwritableStateFolderIsReportedAndTheSessionGoesOn() throws {
        let state = try TemporaryFolder()
        // A file where the state folder should be: nothing can be saved.
        try state.write("mptutor", "not a folder")
        let output = try MPTutorBinary.run([], input: "open fork\nnext\nquit\n", environment: ["XDG_STATE_HOME": state.path])
        #expect(output.status == 0)
        #expect(output.stdout.contains("cannot save progress"))
        #expect(output.stdout.contains("Step 2 of 7"))
    }

    @Test func anExerciseIsWrittenCheckedAndItsSolutionShownAfterThreeTries() throws {
        let folder = try TemporaryFolder()
        try folder.write("01-hello.md", Fixtures.goodLesson)
        let input = """
            open hello
            check
            solution
            write
            print("nearly")
            .
            check
            check
            solution
            write
            print("done")
            .
            check
            quit

            """
        let output = try MPTutorBinary.run(["--lessons", folder.path], input: input,
                                           environment: ["XDG_STATE_HOME": folder.path + "/state"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("You have not written a program yet, so this checks the starter code"))
        #expect(output.stdout.contains("the solution is shown after 3 tries. Type giveup to see it now."))
        #expect(output.stdout.contains("Saved your program (1 line). Type check to run it."))
        #expect(output.stdout.contains("stdout line 1: nearly"))
        #expect(output.stdout.contains("A solution:\n    print(\"done\")"))
        #expect(output.stdout.contains("✓ Your program passes the check. Well done!"))
        // The program typed last is kept for the next session.
        let saved = folder.url.appendingPathComponent("state/mptutor/courses")
        let files = FileManager.default.enumerator(atPath: saved.path)?.compactMap { $0 as? String } ?? []
        #expect(files.contains { $0.hasSuffix("hello-step1-1.py") })
    }

    @Test func editOpensTheProgramInTheEditorAndCheckRunsWhatWasSaved() throws {
        let folder = try TemporaryFolder()
        try folder.write("01-hello.md", Fixtures.goodLesson)
        // An "editor" that writes the solution into the file it is given.
        let editor = try folder.write("editor.sh", "#!/bin/sh\nprintf 'print(\"done\")\\n' > \"$1\"\n")
        chmod(editor, 0o755)
        let output = try MPTutorBinary.run(
            ["--lessons", folder.path], input: "open hello\nedit\ncheck\nquit\n",
            environment: ["XDG_STATE_HOME": folder.path + "/state", "EDITOR": editor, "VISUAL": ""])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Saved your program (2 lines). Type check to run it."))
        #expect(output.stdout.contains("✓ Your program passes the check. Well done!"))
    }

    @Test func everyShippedTranscriptReplays() throws {
        let transcripts = MPTutorBinary.repository.appendingPathComponent("Transcripts").path
        let output = try MPTutorBinary.run(["replay", transcripts])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains(" 0 failed"))
    }

    @Test func aTranscriptThatNoLongerMatchesFailsWithTheSpot() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("bad.transcript", """
            Welcome to mptutor{{any}}
            @skip
            > help run
            run  run this step's example twice
            also: r
            """)
        let output = try MPTutorBinary.run(["replay", file])
        #expect(output.status == 1)
        #expect(output.stdout.contains("\(file):4: expected line does not match the output"))
        #expect(output.stdout.contains("0 passed, 1 failed"))
    }
}
