import FoundationEssentials

/// Finds the built-in course, wherever mptutor was built or installed.
public enum CourseLocator {
    /// The folder of built-in lessons: `$MPTUTOR_LESSONS`, then
    /// `share/mptutor/Lessons` beside an installed binary, then a `Lessons`
    /// folder above the binary (a build inside the repository), then
    /// `./Lessons`.
    public static func builtInLessons(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["MPTUTOR_LESSONS"], !explicit.isEmpty { return explicit }
        let manager = FileManager.default
        var candidates: [URL] = []
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        candidates.append(directory.appendingPathComponent("../share/mptutor/Lessons"))
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("Lessons"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: manager.currentDirectoryPath).appendingPathComponent("Lessons"))
        for candidate in candidates {
            let path = candidate.standardizedFileURL.path
            if case .directory = Sys.fileKind(path), manager.fileExists(atPath: path + "/README.md") {
                return path
            }
        }
        return nil
    }
}
