import Foundation
import Testing
@testable import MPTutorCore

/// Progress on disk: saved atomically, read back, and never a reason to
/// lock a learner out when the file is damaged or the disk is read-only.
@Suite struct ProgressStoreTests {
    private func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mptutor-progress-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func savedProgressLoadsBackAndLeavesNoTemporaryFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = ProgressStore(directory: folder + "/course")
        var progress = Progress()
        progress.position = .init(lesson: "fork", step: 3)
        var item = ItemProgress()
        item.done = true
        item.attempts = 2
        item.hintsShown = 1
        progress[lesson: "fork"][step: 2].quizzes["0"] = item
        try store.save(progress)
        let loaded = store.load()
        #expect(loaded.warning == nil)
        #expect(loaded.progress == progress)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/course")
        #expect(names == ["progress.json"])
    }

    @Test func aMissingFileIsAFreshStart() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let loaded = ProgressStore(directory: folder).load()
        #expect(loaded.progress == Progress())
        #expect(loaded.warning == nil)
    }

    @Test func aCorruptFileIsMovedAsideAndReported() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = ProgressStore(directory: folder)
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: store.file))
        let loaded = store.load()
        #expect(loaded.progress == Progress())
        let warning = try #require(loaded.warning)
        #expect(warning.contains("damaged"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
        #expect(!names.contains("progress.json"))
        // And the learner can save again afterwards.
        try store.save(Progress())
        #expect(store.load().warning == nil)
    }

    @Test func aReadOnlyFolderGivesAnErrorNamingThePath() throws {
        guard geteuid() != 0 else { return }  // root writes anywhere; covered by the next test
        let folder = try temporaryFolder()
        defer {
            chmod(folder, 0o755)
            try? FileManager.default.removeItem(atPath: folder)
        }
        chmod(folder, 0o555)
        let store = ProgressStore(directory: folder + "/course")
        #expect(throws: ProgressStoreError.self) { try store.save(Progress()) }
    }

    @Test func aFolderThatCannotBeCreatedGivesAnErrorNamingThePath() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A plain file where the state folder should be: even root cannot
        // create a folder inside it.
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/blocker"))
        let store = ProgressStore(directory: folder + "/blocker/course")
        do {
            try store.save(Progress())
            Issue.record("saving into a file's path must fail")
        } catch {
            #expect(error.description.contains(folder + "/blocker"))
        }
    }

    @Test func programsAreKeptPerExerciseAndResetByLesson() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = ProgressStore(directory: folder)
        try store.saveProgram("print(1)\n", for: "fork-step2-1")
        try store.saveProgram("print(2)\n", for: "pool-step1-1")
        #expect(store.program(for: "fork-step2-1") == "print(1)\n")
        store.removePrograms(withPrefix: "fork-")
        #expect(store.program(for: "fork-step2-1") == nil)
        #expect(store.program(for: "pool-step1-1") == "print(2)\n")
    }
}
