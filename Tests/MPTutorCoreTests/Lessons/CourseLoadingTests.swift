import Foundation
import Testing

@testable import MPTutorCore

/// `Course.load`: every lesson that can be read loads, and every file that
/// cannot becomes a `BrokenLesson` with a message and a line.
@Suite struct CourseLoadingTests {
    /// A valid lesson with the given id and order.
    private func lesson(id: String? = nil, order: Int? = nil, title: String = "T") -> String {
        var lines = ["---"]
        if let id { lines.append("id: \(id)") }
        lines.append("title: \(title)")
        if let order { lines.append("order: \(order)") }
        lines.append("summary: S")
        lines.append("---")
        return lessonText(lines + validStep)
    }

    /// A folder with one good lesson and one broken file of every kind.
    private func mixedFolder() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("01-good.md", text: lesson())
        try folder.write("02-empty.md", Data())
        var binary = Data("---\nid: bin\n".utf8)
        binary.append(contentsOf: [0x41, 0x00, 0x42, 0x0A])
        try folder.write("03-binary.md", binary)
        var latin1 = Data("---\ntitle: Caf".utf8)
        latin1.append(0xE9)  // é in Latin-1: not UTF-8
        latin1.append(contentsOf: Data("\nsummary: S\n---\n".utf8))
        try folder.write("04-latin1.md", latin1)
        try folder.write("05-big.md", text: lesson(id: "big") + String(repeating: "padding line\n", count: 90_000))
        try folder.write("06-again.md", text: lesson(id: "good", order: 6))
        try folder.write("07-syntax.md", text: lessonText(testFrontMatter.map { $0 == "id: t" ? "id: syntax" : $0 }
            + ["## S", fence("python example"), "print(1)", fence()]))
        try folder.write("README.md", text: "# Not a lesson\n")
        try folder.write("notes.txt", text: "not markdown\n")
        return folder
    }

    private func broken(_ course: Course, _ name: String) throws -> BrokenLesson {
        try #require(course.broken.first { $0.file.hasSuffix("/" + name) }, "\(name) is not broken")
    }

    @Test func theGoodLessonLoadsDespiteBrokenNeighbours() throws {
        let folder = try mixedFolder()
        let course = Course.load(paths: [folder.path])
        #expect(course.lessons.map(\.id) == ["good"])
        #expect(course.lessons.first?.file == "\(folder.path)/01-good.md")
        #expect(course.broken.map { URL(fileURLWithPath: $0.file).lastPathComponent }
            == ["02-empty.md", "03-binary.md", "04-latin1.md", "05-big.md", "06-again.md", "07-syntax.md"])
    }

    @Test func anEmptyFile() throws {
        let folder = try mixedFolder()
        let error = try broken(Course.load(paths: [folder.path]), "02-empty.md").error
        #expect(error.message == "the file is empty")
        #expect(error.location == SourceLocation(file: "\(folder.path)/02-empty.md", line: 1))
    }

    @Test func aBinaryFileIsBlamedAtTheLineOfItsNulByte() throws {
        let folder = try mixedFolder()
        let error = try broken(Course.load(paths: [folder.path]), "03-binary.md").error
        #expect(error.message == "the file holds binary data (a NUL byte)")
        #expect(error.location.line == 3)
    }

    @Test func aFileThatIsNotUTF8IsBlamedAtItsFirstBadLine() throws {
        let folder = try mixedFolder()
        let error = try broken(Course.load(paths: [folder.path]), "04-latin1.md").error
        #expect(error.message == "the file is not valid UTF-8 text")
        #expect(error.location.line == 2)
        #expect(error.hint == "save it as UTF-8")
    }

    @Test func aFileOverOneMebibyteIsRefused() throws {
        let folder = try mixedFolder()
        let error = try broken(Course.load(paths: [folder.path]), "05-big.md").error
        #expect(error.message.hasPrefix("the file is 1"))
        #expect(error.message.hasSuffix("KiB; lessons are at most 1024 KiB"))
        #expect(error.location.line == 1)
    }

    @Test func exactlyOneMebibyteIsAllowed() throws {
        let folder = try TemporaryFolder()
        var text = lesson(id: "edge")
        text += String(repeating: "x", count: Course.maximumFileSize - text.utf8.count - 1) + "\n"
        #expect(text.utf8.count == Course.maximumFileSize)
        try folder.write("01-edge.md", text: text)
        let course = Course.load(paths: [folder.path])
        #expect(course.lessons.map(\.id) == ["edge"])
    }

    @Test func aDuplicateIdIsBrokenAndNamesTheFirstFile() throws {
        let folder = try mixedFolder()
        let error = try broken(Course.load(paths: [folder.path]), "06-again.md").error
        #expect(error.message == "lesson id 'good' is already used by \(folder.path)/01-good.md")
        #expect(error.location == SourceLocation(file: "\(folder.path)/06-again.md", line: 2), "the 'id:' line")
        #expect(error.hint?.contains("id:") == true)
    }

    @Test func aSyntaxErrorKeepsItsLine() throws {
        let folder = try mixedFolder()
        let error = try broken(Course.load(paths: [folder.path]), "07-syntax.md").error
        #expect(error.message == "example has no expect block after it")
        #expect(error.location.line == 8)
    }

    @Test func aMissingPathIsBroken() throws {
        let course = Course.load(paths: ["/nonexistent/mptutor/99-nothing.md"])
        #expect(course.lessons.isEmpty)
        #expect(course.broken.map(\.file) == ["/nonexistent/mptutor/99-nothing.md"])
        #expect(course.broken.first?.error.message == "cannot read the file")
    }

    @Test func lessonsAreSortedByOrderThenId() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.md", text: lesson(id: "zeta", order: 2))
        try folder.write("b.md", text: lesson(id: "alpha", order: 2))
        try folder.write("c.md", text: lesson(id: "first", order: 1))
        let course = Course.load(paths: [folder.path + "/"])
        #expect(course.lessons.map(\.id) == ["first", "alpha", "zeta"])
        #expect(course.broken.isEmpty)
        #expect(course.lessons.first?.file == "\(folder.path)/c.md")
    }

    @Test func filesAndFoldersCanBeMixed() throws {
        let folder = try TemporaryFolder()
        let single = try folder.write("03-single.txt", text: lesson(id: "single", order: 3))
        let inner = "\(folder.path)/inner"
        try FileManager.default.createDirectory(atPath: inner, withIntermediateDirectories: true)
        try lesson(id: "inner", order: 4).write(toFile: "\(inner)/04-inner.md", atomically: true, encoding: .utf8)
        let course = Course.load(paths: [single, inner])
        #expect(course.lessons.map(\.id) == ["single", "inner"])
    }

    @Test func lessonsAreFoundByIdOrderOrPath() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("05-pipe.md", text: lesson())
        let course = Course.load(paths: [folder.path])
        #expect(course.lesson(named: "pipe")?.id == "pipe")
        #expect(course.lesson(named: "5")?.id == "pipe")
        #expect(course.lesson(named: file)?.id == "pipe")
        #expect(course.lesson(named: "\(folder.path)/./05-pipe.md")?.id == "pipe")
        #expect(course.lesson(named: "queue") == nil)
    }
}

/// Files as editors on other systems save them.
@Suite struct CourseEncodingTests {
    @Test func aByteOrderMarkIsIgnored() throws {
        let folder = try TemporaryFolder()
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(contentsOf: Data(lessonText(testFrontMatter + validStep).utf8))
        try folder.write("01-bom.md", data)
        let course = Course.load(paths: [folder.path])
        #expect(course.broken.map(\.error.description) == [])
        #expect(course.lessons.map(\.id) == ["t"])
    }

    @Test func windowsLineEndingsLoad() throws {
        let folder = try TemporaryFolder()
        try folder.write("01-crlf.md", text: lessonText(testFrontMatter + validStep).replacingOccurrences(of: "\n", with: "\r\n"))
        let course = Course.load(paths: [folder.path])
        #expect(course.broken.map(\.error.description) == [])
        #expect(course.lessons.first?.steps.first?.title == "A step")
    }
}
