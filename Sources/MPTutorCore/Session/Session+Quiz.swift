/// Quizzes, hints and solutions.
extension Session {
    /// The first quiz of the current step not yet answered correctly.
    var pendingQuiz: (quiz: Quiz, index: Int)? {
        guard let lesson = currentLesson, let step = currentStep else { return nil }
        let record = progress[lesson: lesson.id][step: step.number]
        for (index, quiz) in step.quizzes.enumerated() where record.quizzes[String(index)]?.done != true {
            return (quiz, index)
        }
        return nil
    }

    /// The first exercise of the current step not yet passed (else the last).
    var currentExercise: (exercise: Exercise, index: Int)? {
        guard let lesson = currentLesson, let step = currentStep, !step.exercises.isEmpty else { return nil }
        let record = progress[lesson: lesson.id][step: step.number]
        for (index, exercise) in step.exercises.enumerated() where record.exercises[String(index)]?.done != true {
            return (exercise, index)
        }
        return (step.exercises[step.exercises.count - 1], step.exercises.count - 1)
    }

    /// The name the learner's program for the current exercise is kept under.
    var currentExerciseKey: String? {
        guard let lesson = currentLesson, let current = currentExercise else { return nil }
        return "\(lesson.id)-step\(stepNumber)-\(current.index + 1)"
    }

    func answerCommand(_ argument: String) {
        guard let step = currentStep, !step.quizzes.isEmpty else {
            say("there is no quiz on this step.", .error)
            return
        }
        guard !argument.isEmpty else {
            say("type your answer after the command: answer TEXT", .error)
            return
        }
        if let pending = pendingQuiz {
            answerQuiz(pending.quiz, index: pending.index, with: argument)
        } else {
            answerQuiz(step.quizzes[step.quizzes.count - 1], index: step.quizzes.count - 1, with: argument)
        }
    }

    func answerQuiz(_ quiz: Quiz, index: Int, with answer: String) {
        guard let lesson = currentLesson else { return }
        focus = .quiz
        var record = progress[lesson: lesson.id][step: stepNumber].quizzes[String(index)] ?? ItemProgress()
        record.attempts += 1
        switch quiz.judge(answer) {
        case .correct:
            record.done = true
            say("✓ Right.", .success)
            progress[lesson: lesson.id][step: stepNumber].quizzes[String(index)] = record
            say(afterCorrectAnswer(quizIndex: index), .dim)
        case .knownMistake(let feedback):
            say("✗ Not quite.", .error)
            say(lines: MarkdownRenderer(width: width()).render(feedback))
            offerHint(quiz.hints.count, shown: record.hintsShown)
        case .incorrect:
            say("✗ That is not it.", .error)
            offerHint(quiz.hints.count, shown: record.hintsShown)
        }
        progress[lesson: lesson.id][step: stepNumber].quizzes[String(index)] = record
        save()
    }

    /// What to do once a quiz is answered: run the example if not yet
    /// done, the next quiz, the exercise, or the next step.
    private func afterCorrectAnswer(quizIndex index: Int) -> String {
        guard let lesson = currentLesson, let step = currentStep else { return "" }
        let record = progress[lesson: lesson.id][step: stepNumber]
        if !step.examples.isEmpty, !record.ran { return "Now type run to see it happen live." }
        if let next = pendingQuizAfter(index) {
            return "Next, the quiz \"\(step.quizzes[next].title)\": type your answer."
        }
        if !step.exercises.isEmpty, step.exercises.indices.contains(where: { record.exercises[String($0)]?.done != true }) {
            return "Then the exercise: write (or edit) your program, then check."
        }
        return "Type next to go on."
    }

    private func pendingQuizAfter(_ index: Int) -> Int? {
        guard let step = currentStep, let lesson = currentLesson else { return nil }
        let record = progress[lesson: lesson.id][step: stepNumber]
        return step.quizzes.indices.first { $0 > index && record.quizzes[String($0)]?.done != true }
    }

    func offerHint(_ total: Int, shown: Int) {
        if shown < total {
            say("Type hint for a hint (\(total - shown) left), or try again.", .dim)
        } else {
            say("No hints left; try again, or type giveup.", .dim)
        }
    }

    func giveHint() {
        guard let lesson = currentLesson else {
            say("no lesson is open.", .error)
            return
        }
        if let (quiz, index) = pendingQuiz, focus != .exercise || currentExercise == nil {
            var record = progress[lesson: lesson.id][step: stepNumber].quizzes[String(index)] ?? ItemProgress()
            showNextHint(quiz.hints, record: &record, isQuizHint: true)
            progress[lesson: lesson.id][step: stepNumber].quizzes[String(index)] = record
        } else if let (exercise, index) = currentExercise {
            var record = progress[lesson: lesson.id][step: stepNumber].exercises[String(index)] ?? ItemProgress()
            showNextHint(exercise.hints, record: &record, isQuizHint: false)
            progress[lesson: lesson.id][step: stepNumber].exercises[String(index)] = record
        } else {
            say("there is nothing to hint at on this step.", .dim)
            return
        }
        save()
    }

    private func showNextHint(_ hints: [String], record: inout ItemProgress, isQuizHint: Bool) {
        guard !hints.isEmpty else {
            say("this one has no hints.", .dim)
            return
        }
        if record.hintsShown >= hints.count {
            say(record.gaveUp
                ? "There are no more hints (the answer was shown above)."
                : "There are no more hints. Type giveup to see \(isQuizHint ? "the answer" : "a solution").", .dim)
            return
        }
        let number = record.hintsShown
        var line = StyledText("Hint \(number + 1) of \(hints.count): ", .emphasis)
        line.append(MarkdownRenderer(width: width()).inline(hints[number]))
        let markdown = MarkdownRenderer(width: width())
        say(lines: markdown.wrap(line, indent: "  ", first: ""))
        record.hintsShown = number + 1
    }

    func showSolution(giveUp: Bool) {
        guard let lesson = currentLesson else {
            say("no lesson is open.", .error)
            return
        }
        let threshold = Self.attemptsBeforeSolution
        if let (quiz, index) = pendingQuiz, focus != .exercise || currentExercise == nil {
            var record = progress[lesson: lesson.id][step: stepNumber].quizzes[String(index)] ?? ItemProgress()
            guard giveUp || record.attempts >= threshold else {
                say("You have answered \(record.attempts) \(record.attempts == 1 ? "time" : "times"); the answer is shown after \(threshold) tries. Type giveup to see it now.", .dim)
                return
            }
            record.gaveUp = true
            progress[lesson: lesson.id][step: stepNumber].quizzes[String(index)] = record
            var line = StyledText("The answer: ", .emphasis)
            line.append(quiz.answer, .code)
            say(line)
        } else if let (exercise, index) = currentExercise {
            var record = progress[lesson: lesson.id][step: stepNumber].exercises[String(index)] ?? ItemProgress()
            guard giveUp || record.attempts >= threshold || record.done else {
                say("You have checked \(record.attempts) \(record.attempts == 1 ? "time" : "times"); the solution is shown after \(threshold) tries. Type giveup to see it now.", .dim)
                return
            }
            record.gaveUp = true
            progress[lesson: lesson.id][step: stepNumber].exercises[String(index)] = record
            say("A solution:", .emphasis)
            say(lines: LessonRenderer(width: width()).codeLines(exercise.solution))
        } else {
            say("there is no quiz or exercise waiting on this step.", .dim)
            return
        }
        save()
    }
}
