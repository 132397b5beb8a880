/// Checks that a quiz judges its own answers the way its author meant.
///
/// A broad wrong pattern (`{{int}}`) next to the answer `0` is fine: the
/// answer is judged first. What is not fine is a listed mistake that the
/// quiz would accept as correct.
enum QuizAudit {
    /// What is wrong with the quiz, one sentence each.
    static func problems(in quiz: Quiz) -> [String] {
        var problems: [String] = []
        for mistake in quiz.mistakes {
            guard let sample = sample(of: mistake.pattern) else { continue }
            if quiz.judge(sample) == .correct {
                problems.append("the wrong answer `\(mistake.pattern)` (e.g. '\(sample)') is accepted as correct")
            }
        }
        if quiz.hints.isEmpty {
            problems.append("the quiz has no hints")
        }
        return problems
    }

    /// A concrete answer a pattern matches, for checking known mistakes;
    /// nil for patterns with a regex hole.
    static func sample(of pattern: LinePattern) -> String? {
        var text = ""
        for segment in pattern.segments {
            switch segment {
            case .literal(let literal): text += literal
            case .reference: return nil
            case .hole(let kind, _):
                switch kind {
                case .int: text += "7"
                case .num: text += "1.5"
                case .hex: text += "ff"
                case .word: text += "x"
                case .any: text += ""
                case .regex: return nil
                }
            }
        }
        return text
    }
}
