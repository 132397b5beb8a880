/// One output line prepared for matching: trailing blanks removed and
/// decoded to scalars once, however many patterns look at it.
struct PreparedLine: Sendable {
    let text: String
    let scalars: [UInt32]

    init(_ text: String, lowercased: Bool = false) {
        let trimmed = String(text.trimmingTrailingBlanks())
        self.text = trimmed
        scalars = (lowercased ? trimmed.lowercased() : trimmed).unicodeScalars.map(\.value)
    }
}

/// Matches one expect block against the lines of its stream.
///
/// Sequence semantics are FileCheck's, made strict: each pattern line takes
/// the next output line; `@skip` lets the next expectation take the first
/// line it matches further on; counted lines take consecutive lines; an
/// `@any-order` group takes as many lines as it has entries and assigns
/// them by bipartite matching. Nothing may be left over unless the block
/// ends in `@skip`.
public struct OutputMatcher: Sendable {
    private let lines: [PreparedLine]
    private let stream: ExpectedStream

    /// - Parameters:
    ///   - lines: the output of the stream, in order.
    ///   - stream: which stream they are, for messages.
    public init(lines: [String], stream: ExpectedStream) {
        self.lines = lines.map { PreparedLine($0) }
        self.stream = stream
    }

    /// Matches `block`, binding its captures into `captures`.
    /// - Returns: the first failure, or nil when the output matches.
    public func match(_ block: ExpectBlock, captures: inout Captures) -> MatchFailure? {
        var position = 0
        var skipping = false
        for item in block.items {
            switch item {
            case .skip:
                skipping = true
            case .line(let expected):
                let compiled = expected.pattern.compile(with: captures)
                if skipping {
                    guard let found = firstMatch(compiled, from: position) else {
                        // `@count 0+` may take no line: the skip goes on.
                        if expected.count.minimum == 0 { continue }
                        return failure(.missing, expected.pattern, compiled, at: nil, searchFrom: position, captures)
                    }
                    position = found
                    skipping = false
                }
                var taken = 0
                while position < lines.count {
                    if case .exactly(let count) = expected.count, taken == count { break }
                    let result = compiled.match(lines[position].scalars)
                    guard let bound = result.captures else {
                        if taken >= expected.count.minimum { break }
                        var failed = failure(.mismatch, expected.pattern, compiled, at: position, searchFrom: position, captures)
                        failed.column = result.furthest
                        if taken > 0 { failed.kind = .tooFew(count: expected.count, found: taken) }
                        return failed
                    }
                    for (name, value) in bound { captures.bind(name, to: value) }
                    taken += 1
                    position += 1
                }
                if taken < expected.count.minimum {
                    var failed = failure(.missing, expected.pattern, compiled, at: nil, searchFrom: position, captures)
                    if taken > 0 { failed.kind = .tooFew(count: expected.count, found: taken) }
                    return failed
                }
            case .anyOrder(let entries, let location):
                if skipping {
                    let compiled = entries.map { $0.pattern.compile(with: captures) }
                    if let start = (position..<lines.count).first(where: { index in
                        compiled.contains { $0.match(lines[index].scalars).matched }
                    }) {
                        position = start
                    }
                    skipping = false
                }
                let group = AnyOrderGroup(entries: entries, location: location, stream: stream)
                switch group.match(lines, from: position, captures: captures) {
                case .success(let end, let bound):
                    position = end
                    captures = bound
                case .failure(let failed):
                    return failed
                }
            }
        }
        if !skipping, position < lines.count {
            return MatchFailure(kind: .extraOutput, stream: stream, location: lastLocation(of: block),
                                lineIndex: position, captures: captures)
        }
        for pattern in block.forbidden {
            let compiled = pattern.compile(with: captures)
            if let index = lines.indices.first(where: { compiled.match(lines[$0].scalars).matched }) {
                return MatchFailure(kind: .forbidden, stream: stream, location: pattern.location,
                                    expected: pattern.rendered(with: captures), lineIndex: index, captures: captures)
            }
        }
        return nil
    }

    private func firstMatch(_ compiled: CompiledLine, from start: Int) -> Int? {
        guard start < lines.count else { return nil }
        return (start..<lines.count).first { compiled.match(lines[$0].scalars).matched }
    }

    /// Builds a failure and finds the closest line from `searchFrom` on, and
    /// whether the expected line appears later as a whole.
    private func failure(
        _ kind: MatchFailure.Kind, _ pattern: LinePattern, _ compiled: CompiledLine,
        at index: Int?, searchFrom: Int, _ captures: Captures
    ) -> MatchFailure {
        var failed = MatchFailure(kind: kind, stream: stream, location: pattern.location,
                                  expected: pattern.rendered(with: captures), lineIndex: index, captures: captures)
        if let index {
            failed.laterMatch = firstMatch(compiled, from: index + 1)
        } else if let (closest, column) = ClosestLine.find(pattern: compiled, expected: failed.expected ?? "", in: lines, from: searchFrom) {
            failed.lineIndex = closest
            failed.column = column
        }
        return failed
    }

    private func lastLocation(of block: ExpectBlock) -> SourceLocation {
        switch block.items.last {
        case .line(let line): return line.pattern.location
        case .anyOrder(let lines, _): return lines.last?.pattern.location ?? block.location
        case .skip(let location): return location
        case nil: return block.location
        }
    }
}

/// FileCheck's "possible intended match": the output line most like the
/// expectation that failed.
enum ClosestLine {
    /// The most similar line at or after `start` (looking at 2,000 at most),
    /// with the column where it stops matching.
    static func find(pattern: CompiledLine, expected: String, in lines: [PreparedLine], from start: Int) -> (Int, Int)? {
        guard start < lines.count else { return nil }
        let target = Array(expected.unicodeScalars.map(\.value))
        var best: (index: Int, score: Double, column: Int)?
        for index in start..<min(lines.count, start + 2_000) {
            let line = lines[index]
            let furthest = pattern.match(line.scalars).furthest
            let distance = EditDistance.between(target, line.scalars, limit: 200)
            let length = max(target.count, line.scalars.count, 1)
            // Similar text first; how far the pattern got breaks ties.
            let score = Double(distance) / Double(length) - Double(furthest) / Double(length) * 0.5
            if best == nil || score < best!.score {
                best = (index, score, furthest)
            }
        }
        guard let best, best.score < 0.75 else { return nil }
        return (best.index, best.column)
    }
}
