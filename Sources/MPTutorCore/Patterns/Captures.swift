/// The values that named captures were bound to, in binding order, so that
/// messages list them as the author reads the pattern top to bottom.
public struct Captures: Sendable, Hashable, CustomStringConvertible {
    private(set) var names: [String] = []
    private var values: [String: String] = [:]

    /// No captures bound.
    public init() {}

    /// The value bound to `name`, if any.
    public subscript(name: String) -> String? { values[name] }

    /// Binds (or re-binds) a capture.
    public mutating func bind(_ name: String, to value: String) {
        if values[name] == nil { names.append(name) }
        values[name] = value
    }

    /// True when nothing is bound.
    public var isEmpty: Bool { names.isEmpty }

    /// The bindings in order.
    public var pairs: [(name: String, value: String)] {
        names.map { ($0, values[$0]!) }
    }

    /// `P = 4121, C = 4122`.
    public var description: String {
        pairs.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
    }
}
