/// Reads the lines of an expect block: pattern lines and `@` directives.
public enum ExpectBlockParser {
    /// Parses a block.
    /// - Parameters:
    ///   - lines: the block's lines, without the fences.
    ///   - stream: the stream named on the fence.
    ///   - fence: where the opening fence is; line `i` of `lines` is at
    ///     `fence.line + 1 + i`.
    ///   - bound: captures already bound by earlier blocks of the example.
    /// - Throws: `PatternError` at the faulty line.
    public static func parse(
        _ lines: [String], stream: ExpectedStream, fence: SourceLocation, bound: Set<String> = []
    ) throws(PatternError) -> ExpectBlock {
        var items: [ExpectItem] = []
        var forbidden: [LinePattern] = []
        var pendingCount: (LineCount, SourceLocation)?
        var group: (lines: [ExpectedLine], location: SourceLocation, boundBefore: Set<String>)?
        var bound = bound

        func location(_ index: Int) -> SourceLocation {
            SourceLocation(file: fence.file, line: fence.line + 1 + index)
        }

        for (index, raw) in lines.enumerated() {
            let here = location(index)
            let text = raw.trimmingTrailingBlanks()
            if text.hasPrefix("@") {
                let (name, argument) = splitDirective(String(text.dropFirst()))
                if pendingCount != nil, name != "#" {
                    throw PatternError("@count must be followed by a pattern line, not @\(name)", at: here)
                }
                switch name {
                case "#":
                    continue
                case "any-order":
                    if group != nil {
                        throw PatternError("@any-order groups cannot be nested", at: here,
                                           hint: "close the first group with @end")
                    }
                    group = ([], here, bound)
                case "end":
                    guard let open = group else {
                        throw PatternError("@end without an @any-order before it", at: here)
                    }
                    if open.lines.isEmpty {
                        throw PatternError("@any-order group is empty", at: open.location)
                    }
                    items.append(.anyOrder(open.lines, open.location))
                    group = nil
                case "skip":
                    if group != nil {
                        throw PatternError("@skip cannot stand inside an @any-order group", at: here)
                    }
                    if case .skip = items.last {
                        throw PatternError("two @skip in a row", at: here)
                    }
                    items.append(.skip(here))
                case "count":
                    pendingCount = (try parseCount(argument, at: here), here)
                case "not":
                    guard !argument.isEmpty else {
                        throw PatternError("@not needs a pattern after it", at: here,
                                           hint: "for example: @not Traceback{{any}}")
                    }
                    let pattern = try LinePattern(parsing: argument, at: here)
                    try checkReferences(pattern, bound: bound, at: here)
                    if let name = pattern.boundNames.first {
                        throw PatternError("@not patterns cannot bind captures ('\(name)')", at: here)
                    }
                    forbidden.append(pattern)
                default:
                    throw PatternError(
                        "unknown directive '@\(name)'", at: here,
                        hint: "directives are @any-order, @end, @count N, @count N+, @skip, @not, @#; write \\@ for a line that starts with @")
                }
                continue
            }
            let patternText = text.hasPrefix("\\") ? String(text.dropFirst()) : String(text)
            let pattern = try LinePattern(parsing: patternText, at: here)
            var count = LineCount.exactly(1)
            if let (pending, _) = pendingCount {
                count = pending
                pendingCount = nil
                if let name = pattern.boundNames.first, count != .exactly(1) {
                    throw PatternError("a line with @count cannot bind the capture '\(name)'", at: here,
                                       hint: "it would be bound once per line; bind it on a line of its own")
                }
            }
            let visible = group?.boundBefore ?? bound
            try checkReferences(pattern, bound: visible, at: here, inGroup: group != nil && !bound.isSubset(of: visible))
            for name in pattern.boundNames {
                if bound.contains(name) {
                    throw PatternError("capture '\(name)' is already bound", at: here,
                                       hint: "refer to it as {{\(name)}}, or bind a new name")
                }
                bound.insert(name)
            }
            let line = ExpectedLine(pattern: pattern, count: count)
            if group != nil {
                group!.lines.append(line)
            } else {
                items.append(.line(line))
            }
        }
        if let (_, here) = pendingCount {
            throw PatternError("@count is not followed by a pattern line", at: here)
        }
        if let open = group {
            throw PatternError("@any-order is never closed with @end", at: open.location)
        }
        return ExpectBlock(stream: stream, items: items, forbidden: forbidden, location: fence)
    }

    private static func splitDirective(_ text: String) -> (String, String) {
        if text.hasPrefix("#") { return ("#", "") }
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (text, "") }
        let argument = text[space...].drop { $0 == " " || $0 == "\t" }
        return (String(text[..<space]), String(argument))
    }

    private static func parseCount(_ argument: String, at here: SourceLocation) throws(PatternError) -> LineCount {
        let atLeast = argument.hasSuffix("+")
        let digits = atLeast ? String(argument.dropLast()) : argument
        guard let value = Int(digits), value >= 0, value <= 1_000_000 else {
            throw PatternError("@count needs a whole number, like '@count 3' or '@count 2+', not '\(argument)'", at: here)
        }
        if !atLeast && value == 0 {
            throw PatternError("@count 0 would match nothing", at: here,
                               hint: "to say a line must not appear, use @not PATTERN")
        }
        return atLeast ? .atLeast(value) : .exactly(value)
    }

    private static func checkReferences(
        _ pattern: LinePattern, bound: Set<String>, at here: SourceLocation, inGroup: Bool = false
    ) throws(PatternError) {
        for name in pattern.referencedNames where !bound.contains(name) {
            if pattern.boundNames.contains(name) {
                throw PatternError("'\(name)' is used on the line that binds it", at: here)
            }
            throw PatternError(
                "'{{\(name)}}' refers to a capture that is not bound before this line", at: here,
                hint: inGroup
                    ? "a capture bound inside an @any-order group can be used only after its @end"
                    : "bind it first with {{\(name):int}} (or another type) on an earlier line")
        }
    }
}
