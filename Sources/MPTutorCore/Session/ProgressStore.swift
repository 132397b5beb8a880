import FoundationEssentials
import Glibc

/// Keeps a learner's progress on disk, one file per course, so that a crash
/// or a kill never costs what was done: every save writes a temporary file
/// and renames it over the old one (a rename is atomic), and a file that
/// cannot be read is moved aside and reported, never a reason to lock the
/// learner out.
public final class ProgressStore: Sendable {
    /// The course's folder inside the state directory.
    public let directory: String
    /// The progress file.
    public var file: String { directory + "/progress.json" }
    /// Where the learner's exercise programs are kept between attempts.
    public var programsDirectory: String { directory + "/programs" }

    /// - Parameter directory: the course's state folder (created on save).
    public init(directory: String) {
        self.directory = directory
    }

    /// What loading found.
    public struct Loaded: Sendable {
        /// The progress (fresh when there was none or it was unreadable).
        public var progress: Progress
        /// A message for the learner when something was wrong.
        public var warning: String?
    }

    /// Loads progress. Missing file: fresh progress. Corrupt file: moved
    /// aside to `progress.json.corrupt-<time>`, fresh progress, and a warning.
    public func load() -> Loaded {
        let manager = FileManager.default
        guard manager.fileExists(atPath: file) else { return Loaded(progress: Progress()) }
        guard let data = manager.contents(atPath: file) else {
            return Loaded(progress: Progress(), warning: "cannot read \(file); starting with fresh progress (the file is left as it is)")
        }
        do {
            let progress = try JSONDecoder().decode(Progress.self, from: data)
            return Loaded(progress: progress)
        } catch {
            let stamp = Int(Date().timeIntervalSince1970)
            let aside = "\(file).corrupt-\(stamp)"
            let moved = (try? manager.moveItem(atPath: file, toPath: aside)) != nil
            return Loaded(progress: Progress(), warning: moved
                ? "your progress file was damaged; it was moved to \(aside) and you start afresh"
                : "your progress file \(file) is damaged and could not be moved aside; starting afresh")
        }
    }

    /// Saves progress atomically.
    /// - Throws: `ProgressStoreError` with the path and the reason (a
    ///   read-only or full disk); the caller tells the learner and goes on.
    public func save(_ progress: Progress) throws(ProgressStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(progress)
        } catch {
            throw ProgressStoreError(path: file, reason: "\(error)")
        }
        try write(data, to: file)
    }

    /// The learner's saved program for an exercise, if any.
    public func program(for key: String) -> String? {
        guard let data = FileManager.default.contents(atPath: programPath(for: key)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Where an exercise's program is kept (the file `edit` opens).
    public func programPath(for key: String) -> String {
        programsDirectory + "/" + key + ".py"
    }

    /// Saves the learner's program for an exercise.
    public func saveProgram(_ source: String, for key: String) throws(ProgressStoreError) {
        try write(Data(source.utf8), to: programPath(for: key))
    }

    /// Removes the saved programs whose keys start with `prefix`.
    public func removePrograms(withPrefix prefix: String) {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: programsDirectory)) ?? [] where name.hasPrefix(prefix) {
            try? manager.removeItem(atPath: programsDirectory + "/" + name)
        }
    }

    private func write(_ data: Data, to path: String) throws(ProgressStoreError) {
        let folder = path.pathParent
        do {
            try Sys.makeDirectories(folder)
        } catch {
            throw ProgressStoreError(path: folder, reason: "cannot create the folder (\(error))")
        }
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Sys.writeFile(temporary, bytes: Array(data), mode: 0o644, sync: true)
        } catch {
            unlink(temporary)
            throw ProgressStoreError(path: path, reason: "cannot write (\(String(cString: strerror(error.code))))")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ProgressStoreError(path: path, reason: "cannot replace the file (\(reason))")
        }
    }
}

/// Progress could not be saved.
public struct ProgressStoreError: Error, Sendable, CustomStringConvertible {
    /// The file or folder concerned.
    public var path: String
    /// Why.
    public var reason: String

    /// `cannot save progress to …: …`.
    public var description: String { "cannot save progress to \(path): \(reason)" }
}

/// Where mptutor keeps its state: `$XDG_STATE_HOME/mptutor`, by default
/// `~/.local/state/mptutor`.
public enum StateDirectory {
    /// The state folder.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/mptutor" }
        let home = homeDirectory(environment: environment)
        return home + "/.local/state/mptutor"
    }

    /// The folder for one course: `builtin` for the built-in course, else a
    /// name made from the lesson folder's path, so each course keeps its own
    /// progress.
    public static func courseFolder(lessons: String, builtIn: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = path(environment: environment)
        if builtIn { return base + "/courses/builtin" }
        let absolute = URL(fileURLWithPath: lessons).standardizedFileURL.path
        let name = absolute.split(separator: "/").suffix(2).joined(separator: "-")
            .map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        var hash: UInt64 = 14_695_981_039_346_656_037
        for byte in absolute.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        return base + "/courses/" + String(name) + "-" + String(hash % 0xFFFF_FFFF, radix: 16)
    }
}
