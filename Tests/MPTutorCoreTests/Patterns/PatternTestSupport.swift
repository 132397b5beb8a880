import Testing

@testable import MPTutorCore

/// mptutor's file-and-line location (Testing has a type of the same name).
typealias SourceLocation = MPTutorCore.SourceLocation

/// The file name every pattern of these tests claims to come from.
let patternFile = "Lessons/99-test.md"

/// Where the opening fence of a test expect block is: its first content
/// line is line 11.
let testFence = SourceLocation(file: patternFile, line: 10)

/// Parses a one-line pattern written at `line`.
func linePattern(_ text: String, line: Int = 1) throws -> LinePattern {
    try LinePattern(parsing: text, at: SourceLocation(file: patternFile, line: line))
}

/// Matches one line against a pattern, with the captures bound so far.
func matchLine(_ pattern: String, _ line: String, captures: Captures = Captures()) throws -> LineMatchResult {
    try linePattern(pattern).compile(with: captures).match(PreparedLine(line).scalars)
}

/// Whether `line` matches `pattern` as a whole.
func lineMatches(_ pattern: String, _ line: String, captures: Captures = Captures()) throws -> Bool {
    try matchLine(pattern, line, captures: captures).matched
}

/// The captures a successful match binds, as a dictionary.
func boundCaptures(_ pattern: String, _ line: String) throws -> [String: String]? {
    guard let pairs = try matchLine(pattern, line).captures else { return nil }
    return Dictionary(pairs, uniquingKeysWith: { $1 })
}

/// The lines of a multi-line string literal (an expect block's body).
func blockLines(_ text: String) -> [String] {
    text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
}

/// Parses an expect block body whose fence is `testFence`.
func expectBlock(
    _ text: String, stream: ExpectedStream = .stdout, fence: SourceLocation = testFence, bound: Set<String> = []
) throws -> ExpectBlock {
    try ExpectBlockParser.parse(blockLines(text), stream: stream, fence: fence, bound: bound)
}

/// The error an expect block body is refused with, or nil if it parses.
func expectBlockError(_ text: String, bound: Set<String> = []) -> PatternError? {
    do {
        _ = try ExpectBlockParser.parse(blockLines(text), stream: .stdout, fence: testFence, bound: bound)
        return nil
    } catch {
        return error
    }
}

/// The error a single pattern line is refused with, or nil if it parses.
func linePatternError(_ text: String) -> PatternError? {
    do {
        _ = try LinePattern(parsing: text, at: SourceLocation(file: patternFile, line: 1))
        return nil
    } catch {
        return error
    }
}

/// Matches one stdout expect block against `lines`; nil on a match.
func matchFailure(_ expect: String, _ lines: [String], captures: inout Captures) throws -> MatchFailure? {
    OutputMatcher(lines: lines, stream: .stdout).match(try expectBlock(expect), captures: &captures)
}

/// Matches one stdout expect block against `lines`; nil on a match.
func matchFailure(_ expect: String, _ lines: [String]) throws -> MatchFailure? {
    var captures = Captures()
    return try matchFailure(expect, lines, captures: &captures)
}

/// Whether an expect block matches `lines`.
func blockMatches(_ expect: String, _ lines: [String]) throws -> Bool {
    try matchFailure(expect, lines) == nil
}

/// A stdout line of a fake run.
func stdoutLine(_ text: String, at time: Double = 0) -> OutputLine {
    OutputLine(stream: .stdout, text: text, time: time)
}

/// A stderr line of a fake run.
func stderrLine(_ text: String, at time: Double = 0) -> OutputLine {
    OutputLine(stream: .stderr, text: text, time: time)
}

/// A finished run built by hand, lines in the order given.
func fakeRun(
    _ lines: [OutputLine], termination: Termination = .exited(0), duration: Double = 0.25,
    timedOut: Bool = false, interrupted: Bool = false
) -> RunResult {
    var stamped: [OutputLine] = []
    for (index, line) in lines.enumerated() {
        stamped.append(OutputLine(stream: line.stream, text: line.text, time: line.time == 0 ? Double(index) * 0.01 : line.time))
    }
    return RunResult(termination: termination, duration: duration, lines: stamped,
                     timedOut: timedOut, interrupted: interrupted, droppedBytes: 0)
}

/// A finished run that printed `stdout`, then `stderr`.
func fakeRun(
    stdout: [String], stderr: [String] = [], termination: Termination = .exited(0), duration: Double = 0.25,
    timedOut: Bool = false, interrupted: Bool = false
) -> RunResult {
    fakeRun(stdout.map { stdoutLine($0) } + stderr.map { stderrLine($0) }, termination: termination,
            duration: duration, timedOut: timedOut, interrupted: interrupted)
}

/// An expectation made of expect blocks given as `(stream, body)`.
func outputExpectation(
    _ blocks: [(ExpectedStream, String)], exit: ExitExpectation = .status(0), allowsStderr: Bool = false
) throws -> OutputExpectation {
    var parsed: [ExpectBlock] = []
    var bound: Set<String> = []
    for (index, (stream, body)) in blocks.enumerated() {
        let fence = SourceLocation(file: patternFile, line: 10 + index * 20)
        let block = try expectBlock(body, stream: stream, fence: fence, bound: bound)
        bound.formUnion(block.boundNames)
        parsed.append(block)
    }
    return OutputExpectation(blocks: parsed, exit: exit, allowsStderr: allowsStderr)
}

/// An expectation with one stdout block.
func outputExpectation(_ stdout: String, exit: ExitExpectation = .status(0), allowsStderr: Bool = false) throws -> OutputExpectation {
    try outputExpectation([(.stdout, stdout)], exit: exit, allowsStderr: allowsStderr)
}

/// The plain text of rendered lines.
func plainText(_ rendered: [StyledText]) -> [String] {
    rendered.map(\.description)
}

extension MatchFailure.Kind {
    /// The case name, for comparing kinds without their payloads.
    var name: String {
        switch self {
        case .mismatch: return "mismatch"
        case .missing: return "missing"
        case .tooFew: return "tooFew"
        case .unordered: return "unordered"
        case .extraOutput: return "extraOutput"
        case .forbidden: return "forbidden"
        case .exitStatus: return "exitStatus"
        case .unexpectedStderr: return "unexpectedStderr"
        case .timedOut: return "timedOut"
        case .interrupted: return "interrupted"
        }
    }
}
