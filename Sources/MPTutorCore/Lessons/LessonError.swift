/// A mistake in a lesson file, with the line to fix and, where there is
/// one, a hint the author can act on.
public struct LessonError: LocatedError, Sendable, Hashable {
    /// Where the mistake is.
    public var location: SourceLocation
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// - Parameters: see the properties.
    public init(_ message: String, at location: SourceLocation, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// A pattern mistake is a lesson mistake at the same spot.
    public init(_ error: PatternError) {
        self.init(error.message, at: error.location, hint: error.hint)
    }
}
