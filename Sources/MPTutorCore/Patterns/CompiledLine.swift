/// A line pattern ready to be matched: back-references replaced by the
/// values bound so far, everything compiled into one automaton (or a plain
/// string comparison when there are no holes).
struct CompiledLine: Sendable {
    let pattern: LinePattern
    private let literal: [UInt32]?
    private let automaton: Automaton?
    /// Capture names by capture index.
    private let captureNames: [String]
    /// The literal text every match starts with, for a cheap first test.
    private let prefix: [UInt32]
    /// How many spaces a line may be missing at its end: lines lose their
    /// trailing blanks, but `value: {{any}}` must still match `value: `.
    private let trailingSpaces: Int

    init(pattern: LinePattern, captures: Captures, caseInsensitive: Bool) {
        self.pattern = pattern
        func text(_ value: String) -> String { caseInsensitive ? value.lowercased() : value }
        var nodes: [RegexNode] = []
        var names: [String] = []
        var literalText: String? = ""
        var prefixText = ""
        var inPrefix = true
        for segment in pattern.segments {
            switch segment {
            case .literal(let value):
                nodes.append(.literal(text(value)))
                literalText? += text(value)
                if inPrefix { prefixText += text(value) }
            case .reference(let name):
                // An unbound reference can only happen in a pattern the
                // parser let through by mistake: it then matches nothing.
                let value = captures[name].map(text) ?? "\u{0}{{\(name)}}"
                nodes.append(.literal(value))
                literalText? += value
                if inPrefix { prefixText += value }
            case .hole(let kind, let name):
                literalText = nil
                inPrefix = false
                // Quiz answers are lower-cased: a regex hole must match the
                // lower-case forms of the letters it names.
                let node = caseInsensitive ? Self.node(for: kind).lowercased : Self.node(for: kind)
                if let name {
                    nodes.append(.capture(node, index: names.count))
                    names.append(name)
                } else {
                    nodes.append(node)
                }
            }
        }
        captureNames = names
        // Trailing blanks never count, so a match only needs the prefix
        // without them (and a literal without them).
        prefix = prefixText.trimmingTrailingBlanks().unicodeScalars.map(\.value)
        trailingSpaces = min(16, pattern.source.unicodeScalars.filter { $0 == " " }.count)
        if let literalText {
            literal = literalText.trimmingTrailingBlanks().unicodeScalars.map(\.value)
            automaton = nil
        } else {
            literal = nil
            automaton = Automaton(.concat(nodes), captureCount: names.count)
        }
    }

    /// Matches a whole line given as scalar values (trailing blanks removed).
    func match(_ line: [UInt32]) -> LineMatchResult {
        if let literal {
            if literal == line { return LineMatchResult(captures: [], furthest: line.count) }
            return LineMatchResult(captures: nil, furthest: commonPrefix(literal, line))
        }
        if !prefix.isEmpty, !line.starts(with: prefix) {
            return LineMatchResult(captures: nil, furthest: commonPrefix(prefix, line))
        }
        let result = automaton!.run(line)
        var slots = result.slots
        if slots == nil, result.furthest == line.count {
            // The pattern wanted more at the very end: perhaps only the
            // spaces before a hole that matches nothing, which the line lost
            // with its trailing blanks.
            for count in stride(from: 1, through: trailingSpaces, by: 1) {
                slots = automaton!.run(line + repeatElement(32, count: count)).slots
                if slots != nil { break }
            }
        }
        guard let slots else {
            return LineMatchResult(captures: nil, furthest: result.furthest)
        }
        var bound: [(String, String)] = []
        for (index, name) in captureNames.enumerated() {
            let start = min(slots[index * 2], line.count), end = min(slots[index * 2 + 1], line.count)
            guard start >= 0, end >= start else { continue }
            var value = String.UnicodeScalarView()
            for scalar in line[start..<end] { value.append(Unicode.Scalar(scalar)!) }
            bound.append((name, String(value)))
        }
        return LineMatchResult(captures: bound, furthest: line.count)
    }

    private func commonPrefix(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var count = 0
        while count < a.count, count < b.count, a[count] == b[count] { count += 1 }
        return count
    }

    static func node(for kind: LinePattern.HoleKind) -> RegexNode {
        let digits = RegexNode.repeatRange(.set(.digits), min: 1, max: nil, greedy: true)
        let minus = RegexNode.repeatRange(.scalar(45), min: 0, max: 1, greedy: true)
        switch kind {
        case .int:
            return .concat([minus, digits])
        case .num:
            let fraction = RegexNode.repeatRange(.concat([.scalar(46), digits]), min: 0, max: 1, greedy: true)
            let exponent = RegexNode.repeatRange(
                .concat([
                    .set(ScalarSet(ranges: [69...69, 101...101])),
                    .repeatRange(.set(ScalarSet(ranges: [43...43, 45...45])), min: 0, max: 1, greedy: true),
                    digits,
                ]), min: 0, max: 1, greedy: true)
            return .concat([minus, digits, fraction, exponent])
        case .hex:
            let hexDigits = RegexNode.repeatRange(
                .set(ScalarSet(ranges: [48...57, 65...70, 97...102])), min: 1, max: nil, greedy: true)
            return .concat([.repeatRange(.literal("0x"), min: 0, max: 1, greedy: true), hexDigits])
        case .word:
            return .repeatRange(.set(.nonSpace), min: 1, max: nil, greedy: true)
        case .any:
            return .repeatRange(.set(.anyScalar), min: 0, max: nil, greedy: true)
        case .regex(let source):
            // Validated when the pattern was parsed.
            return (try? RegexParser.parse(source)) ?? .set(ScalarSet())
        }
    }
}

/// What matching one line gave.
struct LineMatchResult: Sendable {
    /// The captures bound by the match, or nil when the line did not match.
    var captures: [(String, String)]?
    /// Scalars of the line that could be matched before the pattern failed.
    var furthest: Int
    var matched: Bool { captures != nil }
}
