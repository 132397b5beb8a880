/// A mistake in an expected-output pattern, found when the lesson is loaded,
/// long before any learner runs the example.
public struct PatternError: LocatedError, Sendable, Hashable {
    /// Where the faulty pattern line is.
    public var location: SourceLocation
    /// What is wrong, in one sentence.
    public var message: String
    /// What the author can do about it, if there is something to say.
    public var hint: String?

    /// - Parameters: see the properties.
    public init(_ message: String, at location: SourceLocation, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }
}
