import Foundation
import Testing

@testable import MPTutorCore

/// A front matter of six lines: the body of a test lesson starts at line 7.
let testFrontMatter = ["---", "id: t", "title: T", "order: 1", "summary: S", "---"]

/// A lesson's text from its lines.
func lessonText(_ lines: [String]) -> String {
    lines.joined(separator: "\n") + "\n"
}

/// Parses a lesson given as lines.
func parseLesson(_ lines: [String], file: String = "Lessons/01-t.md") throws -> Lesson {
    try LessonParser.parse(lessonText(lines), file: file)
}

/// The error a lesson is refused with, or nil if it parses.
func lessonError(_ text: String, file: String = "Lessons/01-t.md") -> LessonError? {
    do {
        _ = try LessonParser.parse(text, file: file)
        return nil
    } catch {
        return error
    }
}

/// The error a lesson given as lines is refused with, or nil if it parses.
func lessonError(_ lines: [String], file: String = "Lessons/01-t.md") -> LessonError? {
    lessonError(lessonText(lines), file: file)
}

/// A fence of three backticks with an info string, built so that the
/// test sources stay readable inside Swift string literals.
func fence(_ info: String = "") -> String { "```" + info }

/// A small valid step: a heading, an example and its expect block.
let validStep = ["## A step", "", fence("python example"), "print('hi')", fence(), "", fence("expect"), "hi", fence()]

/// A temporary folder, removed when the test ends.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("mptutor-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `data` to `name` in the folder and returns the file's path.
    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let file = "\(path)/\(name)"
        try data.write(to: URL(fileURLWithPath: file))
        return file
    }

    /// Writes text as UTF-8.
    @discardableResult
    func write(_ name: String, text: String) throws -> String {
        try write(name, Data(text.utf8))
    }
}
