import FoundationEssentials
import Glibc
import Dispatch
import Synchronization

/// A lesson file that could not be loaded, kept so that `list` can show it
/// as broken (with its error) while every other lesson still loads.
public struct BrokenLesson: Sendable {
    /// The file.
    public var file: String
    /// Why it could not be loaded.
    public var error: LessonError
}

/// A set of lessons: the built-in course or an instructor's folder.
public struct Course: Sendable {
    /// The lessons that loaded, in course order.
    public var lessons: [Lesson]
    /// The files that did not.
    public var broken: [BrokenLesson]

    /// The largest lesson file read; a larger one is refused as broken.
    public static let maximumFileSize = 1 << 20

    /// Loads lessons from files and folders (a folder contributes every
    /// `*.md` in it except `README.md`). Never throws: a file that cannot be
    /// read or parsed becomes a `BrokenLesson`.
    public static func load(paths: [String]) -> Course {
        var lessons: [Lesson] = []
        var broken: [BrokenLesson] = []
        // Files are parsed on every core (a course of 100 lessons loads in
        // half the time on two), then taken in name order.
        let files = lessonFiles(in: paths)
        let parsed = Mutex([Result<Lesson, LessonError>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let result = loadLesson(files[index])
            parsed.withLock { $0[index] = result }
        }
        let results = parsed.withLock { $0 }
        for (file, result) in zip(files, results) {
            switch result! {
            case .success(let lesson):
                if let first = lessons.first(where: { $0.id == lesson.id }) {
                    broken.append(BrokenLesson(file: file, error: LessonError(
                        "lesson id '\(lesson.id)' is already used by \(first.file)",
                        at: SourceLocation(file: file, line: lesson.idLine), hint: "give one of them another 'id:'")))
                } else {
                    lessons.append(lesson)
                }
            case .failure(let error):
                broken.append(BrokenLesson(file: file, error: error))
            }
        }
        lessons.sort { ($0.order, $0.id) < ($1.order, $1.id) }
        return Course(lessons: lessons, broken: broken)
    }

    /// Finds a lesson by id, by its order number, or by file path.
    public func lesson(named name: String) -> Lesson? {
        if let lesson = lessons.first(where: { $0.id == name }) { return lesson }
        if let number = Int(name), let lesson = lessons.first(where: { $0.order == number }) { return lesson }
        let wanted = URL(fileURLWithPath: name).standardizedFileURL.path
        return lessons.first { URL(fileURLWithPath: $0.file).standardizedFileURL.path == wanted }
    }

    /// The files to load, sorted by name, from files and folders.
    static func lessonFiles(in paths: [String]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            let kind = Sys.fileKind(path)
            if case .missing = kind {
                files.append(path)  // reported as broken: cannot be read
                continue
            }
            if case .directory = kind {
                let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
                let base = path.hasSuffix("/") ? String(path.dropLast()) : path
                files += names.filter { $0.hasSuffix(".md") && $0.lowercased() != "readme.md" }
                    .sorted().map { "\(base)/\($0)" }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Reads and parses one file, turning every way it can fail into a
    /// `LessonError` at line 1 or at the faulty line.
    static func loadLesson(_ file: String) -> Result<Lesson, LessonError> {
        let top = SourceLocation(file: file, line: 1)
        // Refuse an enormous file before reading it into memory.
        var info = stat()
        if stat(file, &info) == 0, Int(info.st_size) > maximumFileSize {
            let size = Int(info.st_size)
            return .failure(LessonError("the file is \(size / 1024) KiB; lessons are at most \(maximumFileSize / 1024) KiB", at: top,
                                        hint: "split it into several lessons"))
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failure(LessonError("cannot read the file", at: top, hint: "check that it exists and is readable"))
        }
        if data.count > maximumFileSize {
            return .failure(LessonError("the file is \(data.count / 1024) KiB; lessons are at most \(maximumFileSize / 1024) KiB", at: top,
                                        hint: "split it into several lessons"))
        }
        if data.isEmpty {
            return .failure(LessonError("the file is empty", at: top, hint: "see Lessons/README.md for the format"))
        }
        let bytes = [UInt8](data)
        if let nul = bytes.firstIndex(of: 0) {
            let line = bytes[..<nul].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
            return .failure(LessonError("the file holds binary data (a NUL byte)", at: SourceLocation(file: file, line: line)))
        }
        // A byte order mark (some Windows editors write one) is not text.
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes[3...] : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else {
            let line = firstInvalidUTF8Line(data)
            return .failure(LessonError("the file is not valid UTF-8 text", at: SourceLocation(file: file, line: line),
                                        hint: "save it as UTF-8"))
        }
        do {
            return .success(try LessonParser.parse(text, file: file))
        } catch {
            return .failure(error)
        }
    }

    private static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        for rawLine in data.split(separator: 10, omittingEmptySubsequences: false) {
            if String(data: Data(rawLine), encoding: .utf8) == nil { return line }
            line += 1
        }
        return line
    }
}
