/// Parses the regular-expression subset that `{{/…/}}` holes accept.
///
/// The subset is what an automaton can match in linear time: no
/// back-references and no look-arounds. Anything outside it is refused with
/// a message, never silently read as something else.
struct RegexParser {
    /// Why a regex could not be parsed; `offset` counts scalars from its start.
    struct Failure: Error, Sendable {
        var message: String
        var offset: Int
    }

    /// The largest automaton a regex hole may compile to.
    static let maximumSize = 20_000

    private let scalars: [Unicode.Scalar]
    private var position = 0

    private init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// Parses `source` into a node.
    static func parse(_ source: String) throws(Failure) -> RegexNode {
        var parser = RegexParser(source)
        let node = try parser.parseAlternation()
        if parser.position < parser.scalars.count {
            throw Failure(message: "unbalanced ')' in regex", offset: parser.position)
        }
        if node.estimatedSize > maximumSize {
            throw Failure(message: "regex is too large once its repeats are expanded", offset: 0)
        }
        return node
    }

    private var atEnd: Bool { position >= scalars.count }
    private var current: Unicode.Scalar? { atEnd ? nil : scalars[position] }

    private mutating func parseAlternation() throws(Failure) -> RegexNode {
        var branches = [try parseConcatenation()]
        while current == "|" {
            position += 1
            branches.append(try parseConcatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation() throws(Failure) -> RegexNode {
        var parts: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let atom = try parseAtom()
            parts.append(try parseRepeats(of: atom))
        }
        switch parts.count {
        case 0: return .empty
        case 1: return parts[0]
        default: return .concat(parts)
        }
    }

    private mutating func parseRepeats(of atom: RegexNode) throws(Failure) -> RegexNode {
        var node = atom
        while let scalar = current {
            let start = position
            var bounds: (Int, Int?)
            switch scalar {
            case "*": bounds = (0, nil); position += 1
            case "+": bounds = (1, nil); position += 1
            case "?": bounds = (0, 1); position += 1
            case "{":
                guard let parsed = try parseBraces() else { return node }
                bounds = parsed
            default: return node
            }
            var greedy = true
            if current == "?" {
                greedy = false
                position += 1
            }
            if let max = bounds.1, max < bounds.0 {
                throw Failure(message: "repeat {\(bounds.0),\(max)} has its maximum below its minimum", offset: start)
            }
            if bounds.0 > 1000 || (bounds.1 ?? 0) > 1000 {
                throw Failure(message: "repeat counts above 1000 are not supported", offset: start)
            }
            node = .repeatRange(node, min: bounds.0, max: bounds.1, greedy: greedy)
        }
        return node
    }

    /// `{m}`, `{m,}`, `{m,n}`; a `{` that starts none of these is literal.
    private mutating func parseBraces() throws(Failure) -> (Int, Int?)? {
        let start = position
        position += 1
        func number() -> Int? {
            var value: Int?
            while let scalar = current, let digit = Int(String(scalar)), scalar.isASCII {
                value = (value ?? 0) * 10 + digit
                if value! > 100_000 { value = 100_000 }
                position += 1
            }
            return value
        }
        guard let low = number() else {
            position = start
            return nil
        }
        var high: Int? = low
        if current == "," {
            position += 1
            high = number()
        }
        guard current == "}" else {
            position = start
            return nil
        }
        position += 1
        return (low, high)
    }

    private mutating func parseAtom() throws(Failure) -> RegexNode {
        let start = position
        let scalar = scalars[position]
        position += 1
        switch scalar {
        case ".":
            return .set(.anyScalar)
        case "(":
            if current == "?" {
                guard position + 1 < scalars.count, scalars[position + 1] == ":" else {
                    throw Failure(message: "look-arounds and other (?…) groups are not supported", offset: start)
                }
                position += 2
            }
            let inner = try parseAlternation()
            guard current == ")" else {
                throw Failure(message: "'(' is never closed", offset: start)
            }
            position += 1
            return inner
        case "[":
            return .set(try parseClass(start: start))
        case "\\":
            return try parseEscape(inClass: false)
        case "*", "+", "?":
            throw Failure(message: "'\(scalar)' has nothing before it to repeat", offset: start)
        case "^", "$":
            throw Failure(message: "anchors are not needed: a pattern always matches a whole line", offset: start)
        default:
            return .scalar(scalar.value)
        }
    }

    private mutating func parseEscape(inClass: Bool) throws(Failure) -> RegexNode {
        guard let scalar = current else {
            throw Failure(message: "a '\\' ends the regex", offset: position - 1)
        }
        position += 1
        switch scalar {
        case "d": return .set(.digits)
        case "D": return .set(ScalarSet.digits.inverted)
        case "w": return .set(.word)
        case "W": return .set(ScalarSet.word.inverted)
        case "s": return .set(.space)
        case "S": return .set(ScalarSet.space.inverted)
        case "t": return .scalar(9)
        case "n": return .scalar(10)
        case "1"..."9":
            throw Failure(message: "back-references are not supported inside a regex: bind a capture with {{NAME:/…/}} and refer to it as {{NAME}}", offset: position - 2)
        case "b", "B", "A", "z", "Z":
            throw Failure(message: "'\\\(scalar)' is not supported", offset: position - 2)
        default:
            if scalar.properties.isAlphabetic && scalar.isASCII {
                throw Failure(message: "unknown escape '\\\(scalar)'", offset: position - 2)
            }
            return .scalar(scalar.value)
        }
    }

    private mutating func parseClass(start: Int) throws(Failure) -> ScalarSet {
        var set = ScalarSet()
        if current == "^" {
            set.negated = true
            position += 1
        }
        var first = true
        while true {
            guard let scalar = current else {
                throw Failure(message: "'[' is never closed", offset: start)
            }
            if scalar == "]" && !first {
                position += 1
                return set
            }
            first = false
            var low: UInt32
            if scalar == "\\" {
                position += 1
                let escaped = try parseEscape(inClass: true)
                switch escaped {
                case .scalar(let value): low = value
                case .set(let inner) where !inner.negated:
                    set.ranges += inner.ranges
                    continue
                default:
                    throw Failure(message: "negated escapes like \\D are not supported inside [ ]", offset: position - 2)
                }
            } else {
                low = scalar.value
                position += 1
            }
            if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                position += 1
                var high = scalars[position].value
                if scalars[position] == "\\" {
                    position += 1
                    guard case .scalar(let value) = try parseEscape(inClass: true) else {
                        throw Failure(message: "a class escape cannot end a range", offset: position - 2)
                    }
                    high = value
                } else {
                    position += 1
                }
                guard low <= high else {
                    throw Failure(message: "range out of order in [ ]", offset: position - 3)
                }
                set.ranges.append(low...high)
            } else {
                set.ranges.append(low...low)
            }
        }
    }
}
