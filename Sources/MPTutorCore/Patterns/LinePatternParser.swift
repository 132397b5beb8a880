import FoundationEssentials

/// Splits a pattern line into literal text and `{{…}}` holes.
enum LinePatternParser {
    static func parse(_ text: String, at location: SourceLocation) throws(PatternError) -> [LinePattern.Segment] {
        var segments: [LinePattern.Segment] = []
        var literal = ""
        var rest = Substring(text)
        while let open = rest.asciiRange(of: "{{") {
            literal += rest[rest.startIndex..<open.lowerBound]
            let body = rest[open.upperBound...]
            let (content, after) = try splitHole(body, whole: text, at: location)
            let segment = try hole(content, at: location)
            if case .literal(let quoted) = segment {
                literal += quoted
            } else {
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(segment)
            }
            rest = after
        }
        literal += rest
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }

    /// Finds the end of a hole: `/}}` for a regex, `"}}` for quoted text,
    /// else the first `}}`.
    private static func splitHole(
        _ body: Substring, whole: String, at location: SourceLocation
    ) throws(PatternError) -> (Substring, Substring) {
        let column = whole.distance(from: whole.startIndex, to: body.startIndex) - 1
        let terminator: String
        if body.hasPrefix("/") || startsWithCaptureOfRegex(body) {
            terminator = "/}}"
        } else if body.hasPrefix("\"") {
            terminator = "\"}}"
        } else {
            terminator = "}}"
        }
        let searchStart = terminator == "}}" ? body.startIndex : body.index(after: body.startIndex)
        guard let close = body[searchStart...].asciiRange(of: terminator) else {
            throw PatternError(
                "'{{' at column \(column) is never closed with '\(terminator)'", at: location,
                hint: "write {{\"{{\"}} for two literal braces")
        }
        let contentEnd = body.index(close.upperBound, offsetBy: -2)
        return (body[body.startIndex..<contentEnd], body[close.upperBound...])
    }

    /// `NAME:/` at the start: a capture whose hole is a regex, which ends
    /// at `/}}` rather than at the first `}}`.
    private static func startsWithCaptureOfRegex(_ body: Substring) -> Bool {
        guard let first = body.first, first.isASCII, first.isLetter else { return false }
        let name = body.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return body.dropFirst(name.count).hasPrefix(":/")
    }

    private static func hole(_ content: Substring, at location: SourceLocation) throws(PatternError) -> LinePattern.Segment {
        let trimmed = content.trimmedOfSpaces
        if trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), trimmed.count >= 2 {
            return .literal(String(trimmed.dropFirst().dropLast()))
        }
        if trimmed.hasPrefix("/") {
            return .hole(try regexHole(trimmed, at: location), binds: nil)
        }
        if let kind = LinePattern.HoleKind.keywords[trimmed] {
            return .hole(kind, binds: nil)
        }
        if let colon = trimmed.firstIndex(of: ":") {
            let name = String(trimmed[..<colon]).trimmedOfSpaces
            let type = String(trimmed[trimmed.index(after: colon)...]).trimmedOfSpaces
            try validateName(name, at: location)
            if type.hasPrefix("/") {
                return .hole(try regexHole(type, at: location), binds: name)
            }
            guard let kind = LinePattern.HoleKind.keywords[type] else {
                throw PatternError(
                    "unknown hole type '\(type)' in {{\(trimmed)}}", at: location,
                    hint: "the types are int, num, hex, word, any, or a /regex/")
            }
            return .hole(kind, binds: name)
        }
        try validateName(trimmed, at: location)
        return .reference(trimmed)
    }

    private static func regexHole(_ text: String, at location: SourceLocation) throws(PatternError) -> LinePattern.HoleKind {
        guard text.count >= 2, text.hasSuffix("/") else {
            throw PatternError("regex hole {{\(text)}} must end with '/'", at: location)
        }
        let source = String(text.dropFirst().dropLast())
        do {
            _ = try RegexParser.parse(source)
        } catch {
            throw PatternError(
                "in regex /\(source)/ at offset \(error.offset): \(error.message)", at: location)
        }
        return .regex(source)
    }

    private static func validateName(_ name: String, at location: SourceLocation) throws(PatternError) {
        let valid = name.first.map { $0.isASCII && $0.isLetter } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard valid else {
            if name.isEmpty {
                throw PatternError("empty hole {{}}", at: location, hint: "write {{any}} for any text")
            }
            throw PatternError(
                "'\(name)' is neither a hole type nor a capture name", at: location,
                hint: "types are int, num, hex, word, any, /regex/, \"text\"; capture names start with a letter and hold letters, digits and _")
        }
        if LinePattern.HoleKind.keywords[name] != nil {
            throw PatternError("'\(name)' is a hole type and cannot name a capture", at: location)
        }
    }
}
