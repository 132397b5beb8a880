/// A place in an author's file, so that every message can point at it the
/// way compilers do (`Lessons/02-fork.md:41`).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The file path as the user gave it (relative paths stay relative).
    public var file: String
    /// 1-based line number.
    public var line: Int

    /// - Parameters:
    ///   - file: the path shown in messages.
    ///   - line: the 1-based line.
    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`, the form editors and terminals turn into links.
    public var description: String { "\(file):\(line)" }

    /// Orders by file, then line.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line) < (rhs.file, rhs.line)
    }
}
