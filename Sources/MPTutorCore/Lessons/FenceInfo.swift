import FoundationEssentials

/// The info string of a fenced code block (```` ```python example timeout=5 ````):
/// a language, a role, and `name=value` options.
struct FenceInfo {
    var language: String
    var role: String?
    var options: [(name: String, value: String)]

    init(_ text: String) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        language = words.first?.lowercased() ?? ""
        var role: String?
        var options: [(String, String)] = []
        for word in words.dropFirst() {
            if let equals = word.firstIndex(of: "=") {
                options.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
            } else if role == nil {
                role = word.lowercased()
            } else {
                options.append((word, ""))
            }
        }
        self.role = role
        self.options = options
    }

    /// What a run option block says, checked.
    struct RunOptionValues {
        var settings = RunSettings()
        var exit: ExitExpectation = .status(0)
        var allowsStderr = false
    }

    /// Reads `timeout`, `buffering`, `exit`, `stderr` and `stdin`.
    func runOptions(at location: SourceLocation) throws(LessonError) -> RunOptionValues {
        var values = RunOptionValues()
        for (name, value) in options {
            switch name {
            case "timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 600 else {
                    throw LessonError("timeout must be a number of seconds between 0 and 600, not '\(value)'", at: location)
                }
                values.settings.timeout = seconds
            case "buffering":
                guard let mode = OutputBuffering(rawValue: value) else {
                    throw LessonError("buffering must be line, unbuffered or block, not '\(value)'", at: location)
                }
                values.settings.buffering = mode
            case "exit":
                if value == "any" {
                    values.exit = .any
                } else if let code = Int32(value), code >= 0, code < 256 {
                    values.exit = .status(code)
                } else {
                    throw LessonError("exit must be a status from 0 to 255 or 'any', not '\(value)'", at: location)
                }
            case "stderr":
                switch value {
                case "any": values.allowsStderr = true
                case "empty": values.allowsStderr = false
                default: throw LessonError("stderr must be 'empty' or 'any', not '\(value)'", at: location)
                }
            case "stdin":
                values.settings.stdin = value
                    .replacing("\\n", with: "\n")
                    .replacing("\\s", with: " ")
            default:
                throw LessonError(
                    "unknown option '\(name)'", at: location,
                    hint: "options are timeout=SECONDS, buffering=line|unbuffered|block, exit=N|any, stderr=empty|any, stdin=TEXT")
            }
        }
        return values
    }
}
