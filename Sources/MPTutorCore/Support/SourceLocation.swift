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

/// An error at a place in an author's file, with a hint: lesson and pattern
/// mistakes read the same way, `file:line: message` then the hint.
public protocol LocatedError: Error, CustomStringConvertible {
    /// Where the mistake is.
    var location: SourceLocation { get }
    /// What is wrong, in one sentence.
    var message: String { get }
    /// What the author can do about it.
    var hint: String? { get }
}

extension LocatedError {
    /// `file:line: message`, and the hint on a line of its own.
    public var description: String {
        var text = "\(location): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
