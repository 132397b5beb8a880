import Foundation
import Testing

/// `mptutor verify` on the real binary: good lessons pass, and each kind of
/// rot is reported in full with a non-zero exit.
@Suite("mptutor verify")
struct VerifyCommandTests {
    @Test func aGoodLessonPasses() throws {
        let folder = try TemporaryFolder()
        try folder.write("01-hello.md", Fixtures.goodLesson)
        let output = try MPTutorBinary.run(["verify", folder.path, "--repeat", "3"])
        #expect(output.status == 0, "\(output.stdout)")
        // example, solution, starter, quiz
        #expect(output.stdout.contains("4 passed, 0 failed"))
    }

    @Test func aWrongExpectationFailsWithTheSpotAndTheHint() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("02-order.md", Fixtures.wrongOrderLesson)
        let output = try MPTutorBinary.run(["verify", folder.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("✗ order step 1: example"))
        #expect(output.stdout.contains("\(file):16: expected line does not match the output"))
        #expect(output.stdout.contains("note: the expected line is stdout line 2"))
        #expect(output.stdout.contains("0 passed, 1 failed"))
    }

    @Test func aStarterThatAlreadyPassesIsReported() throws {
        let folder = try TemporaryFolder()
        try folder.write("03-lazy.md", Fixtures.lazyExerciseLesson)
        let output = try MPTutorBinary.run(["verify", folder.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("the starter already passes its own check"))
        #expect(output.stdout.contains("1 passed, 1 failed"))
    }

    @Test func aBrokenLessonFailsVerifyButTheOthersStillRun() throws {
        let folder = try TemporaryFolder()
        try folder.write("01-hello.md", Fixtures.goodLesson)
        try folder.write("04-broken.md", Fixtures.brokenLesson)
        let output = try MPTutorBinary.run(["verify", folder.path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("expect block has no example before it"))
        #expect(output.stdout.contains("4 passed, 1 failed"))
    }

    @Test func theForkLessonsOfTheBuiltInCoursePass() throws {
        let lessons = MPTutorBinary.repository.appendingPathComponent("Lessons")
        let output = try MPTutorBinary.run([
            "verify", lessons.appendingPathComponent("02-fork.md").path,
            lessons.appendingPathComponent("03-fork-environment.md").path,
        ])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains(" 0 failed"))
    }
}
