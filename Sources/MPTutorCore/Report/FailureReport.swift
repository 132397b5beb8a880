import FoundationEssentials

/// Turns a `MatchFailure` into the message a person reads: what was
/// expected and where it is written, the output line it met with a caret
/// under the first difference, a later line that would have matched, the
/// captures in force, and a few lines of output around the spot.
///
/// The shape follows LLVM FileCheck's diagnostics, because authors of
/// expected-output files have learned to read those.
public struct FailureReport: Sendable {
    private let result: RunResult
    private let shortLocations: Bool

    /// - Parameters:
    ///   - result: the run whose output the failures refer to.
    ///   - shortLocations: name files without their folder (`02-fork.md:41`),
    ///     for learners, who do not need to know where the course lives.
    public init(result: RunResult, shortLocations: Bool = false) {
        self.result = result
        self.shortLocations = shortLocations
    }

    private func describe(_ location: SourceLocation) -> String {
        guard shortLocations else { return location.description }
        return "\(location.file.pathLastComponent):\(location.line)"
    }

    /// Renders one failure as lines of styled text.
    /// - Parameter context: output lines shown before and after the spot.
    public func render(_ failure: MatchFailure, context: Int = 2) -> [StyledText] {
        let lines = streamLines(failure.stream)
        let where_ = failure.location.map { "\(describe($0)): " } ?? ""
        var out: [StyledText] = []
        func headline(_ text: String) {
            var line = StyledText()
            if !where_.isEmpty { line.append(where_, .location) }
            line.append(text, .error)
            out.append(line)
        }
        switch failure.kind {
        case .mismatch:
            headline("expected line does not match the output")
        case .missing:
            headline(failure.lineIndex == nil && lines.isEmpty
                     ? "expected line not found: the \(name(failure.stream)) is empty"
                     : "expected line not found in the rest of the output")
        case .tooFew(let count, let found):
            headline("expected \(count) lines like this one, found \(found)")
        case .unordered(let unmatched, let leftover):
            headline("@any-order group: \(unmatched.count) expected \(unmatched.count == 1 ? "line" : "lines") not matched"
                     + (leftover.isEmpty ? "" : ", \(leftover.count) output \(leftover.count == 1 ? "line" : "lines") left over"))
        case .extraOutput:
            headline("unexpected output after the last expectation")
        case .forbidden:
            headline("a line that must not appear (@not) appeared")
        case .exitStatus(let expected, let actual):
            out.append(StyledText("the program ended with \(actual), expected exit \(expected)", .error))
        case .unexpectedStderr:
            out.append(StyledText("the program wrote to stderr, and no expect block allows it", .error))
        case .timedOut(let seconds):
            out.append(StyledText("the run was ended after \(String(seconds, fractionDigits: 1)) s: it did not finish within its timeout", .error))
        case .interrupted:
            out.append(StyledText("the run was interrupted", .error))
        }
        if let expected = failure.expected {
            if case .unordered(let unmatched, _) = failure.kind, unmatched.count > 1 {
                for entry in unmatched {
                    var line = StyledText("  not matched: ", .dim)
                    line.append(entry.pattern.rendered(with: failure.captures), .code)
                    line.append("  (\(describe(entry.pattern.location)))", .dim)
                    out.append(line)
                }
            } else {
                var line = StyledText("  expected: ", .dim)
                line.append(expected, .code)
                out.append(line)
            }
        }
        if !failure.captures.isEmpty, failure.expected != nil {
            out.append(StyledText("  with \(failure.captures)", .dim))
        }
        if let index = failure.lineIndex, index < lines.count {
            let label: String
            switch failure.kind {
            case .mismatch, .forbidden, .extraOutput, .unexpectedStderr: label = "  \(name(failure.stream)) line \(index + 1): "
            default: label = "  closest: \(name(failure.stream)) line \(index + 1): "
            }
            var line = StyledText(label, .dim)
            line.append(Sanitizer.visible(lines[index]))
            out.append(line)
            if let column = failure.column {
                // The column counts characters of the line as matched (without
                // trailing blanks), but the line is shown sanitized: measure
                // the shown form of the characters before the column.
                let matched = Array(lines[index].trimmingTrailingBlanks().unicodeScalars)
                let clamped = min(column, matched.count)
                let before = Sanitizer.visible(String(String.UnicodeScalarView(matched.prefix(clamped))))
                let pad = DisplayWidth.of(label) + DisplayWidth.of(before)
                let what = clamped >= matched.count ? "^ the line ends here" : "^ differs here"
                out.append(StyledText(String(repeating: " ", count: pad) + what, .marker))
            }
        }
        if let later = failure.laterMatch {
            out.append(StyledText(
                "  note: the expected line is \(name(failure.stream)) line \(later + 1): "
                    + "lines from several processes can arrive in any order (see @any-order)", .emphasis))
        }
        if case .extraOutput = failure.kind, let index = failure.lineIndex {
            let more = lines.count - index - 1
            if more > 0 { out.append(StyledText("  (and \(more) more \(more == 1 ? "line" : "lines") after it)", .dim)) }
            out.append(StyledText("  hint: end the block with @skip if the rest of the output does not matter", .dim))
        }
        switch failure.kind {
        case .unexpectedStderr, .exitStatus:
            out += excerpt(streamLines(.stderr), stream: .stderr, around: nil, tail: 8)
        case .timedOut, .interrupted:
            break
        default:
            if !lines.isEmpty {
                out += excerpt(lines, stream: failure.stream, around: failure.lineIndex, context: context)
            }
        }
        return out
    }

    /// Up to a few lines of output around `index` (or the last `tail`).
    private func excerpt(_ lines: [String], stream: ExpectedStream, around index: Int?, context: Int = 2, tail: Int = 0) -> [StyledText] {
        guard !lines.isEmpty else { return [] }
        let range: Range<Int>
        if let index {
            range = max(0, index - context)..<min(lines.count, index + context + 1)
        } else if tail > 0 {
            range = max(0, lines.count - tail)..<lines.count
        } else {
            range = 0..<min(lines.count, context * 2 + 1)
        }
        var out = [StyledText("  \(name(stream)) (\(lines.count) \(lines.count == 1 ? "line" : "lines")):", .dim)]
        if range.lowerBound > 0 { out.append(StyledText("        …", .dim)) }
        let width = String(range.upperBound).count
        for line in range {
            let number = String(line + 1)
            var text = StyledText(line == index ? "   >" : "    ", line == index ? .marker : .dim)
            text.append(String(repeating: " ", count: width - number.count) + number + "  ", .dim)
            text.append(Sanitizer.visible(lines[line]))
            out.append(text)
        }
        if range.upperBound < lines.count { out.append(StyledText("        …", .dim)) }
        return out
    }

    private func streamLines(_ stream: ExpectedStream) -> [String] {
        switch stream {
        case .stdout: return result.lines(of: .stdout)
        case .stderr: return result.lines(of: .stderr)
        case .merged: return result.lines.map(\.text)
        }
    }

    private func name(_ stream: ExpectedStream) -> String {
        switch stream {
        case .stdout: return "stdout"
        case .stderr: return "stderr"
        case .merged: return "output"
        }
    }
}
