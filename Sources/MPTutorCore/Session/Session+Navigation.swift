/// Moving through the course: lessons, steps, help and progress.
extension Session {
    var currentLesson: Lesson? { lessonIndex.map { course.lessons[$0] } }
    var currentStep: Step? { currentLesson.map { $0.steps[stepNumber - 1] } }

    func resumeOrStart() {
        if let position = progress.position, let index = course.lessons.firstIndex(where: { $0.id == position.lesson }) {
            enter(lesson: index, step: position.step)
        } else if !course.lessons.isEmpty {
            enter(lesson: 0, step: 1, showHeader: true)
        }
    }

    func openLesson(_ name: String) {
        guard !name.isEmpty else {
            say("which lesson? For example: open \(course.lessons.first?.id ?? "fork") (lessons lists them)", .error)
            return
        }
        guard let lesson = course.lesson(named: name), let index = course.lessons.firstIndex(where: { $0.id == lesson.id }) else {
            say("no lesson '\(name)'. The lessons are: \(course.lessons.map(\.id).joined(separator: ", "))", .error)
            return
        }
        let last = progress[lesson: lesson.id].lastStep
        enter(lesson: index, step: min(max(1, last), lesson.steps.count), showHeader: last <= 1)
    }

    /// Opens a step, shows it and remembers the place.
    func enter(lesson index: Int, step: Int, showHeader: Bool = false) {
        lessonIndex = index
        let lesson = course.lessons[index]
        stepNumber = min(max(1, step), lesson.steps.count)
        focus = nil
        if showHeader {
            say(lines: LessonRenderer(width: width()).header(of: lesson))
            say("")
        }
        showCurrentStep()
        progress.position = Progress.Position(lesson: lesson.id, step: stepNumber)
        progress[lesson: lesson.id].lastStep = stepNumber
        progress[lesson: lesson.id][step: stepNumber].seen = true
        save()
    }

    func showCurrentStep() {
        guard let lesson = currentLesson, let step = currentStep else {
            say("no lesson is open. Type start, or open LESSON.", .error)
            return
        }
        say(lines: LessonRenderer(width: width()).render(step, of: lesson))
        say("")
        say(nextMoveHint(for: step), .dim)
    }

    /// What to type next on this step.
    func nextMoveHint(for step: Step) -> String {
        var moves: [String] = []
        if !step.examples.isEmpty { moves.append("run") }
        if pendingQuiz != nil { moves.append("answer …") }
        if !step.exercises.isEmpty { moves.append(contentsOf: ["write", "edit", "check"]) }
        if !step.quizzes.isEmpty || !step.exercises.isEmpty { moves.append("hint") }
        moves.append(stepNumber < (currentLesson?.steps.count ?? 0) ? "next" : "next (next lesson)")
        return "[" + moves.joined(separator: " · ") + "]"
    }

    func moveStep(by delta: Int) {
        guard let index = lessonIndex, let lesson = currentLesson else {
            if delta > 0 { resumeOrStart() } else { say("no lesson is open.", .error) }
            return
        }
        let target = stepNumber + delta
        if target < 1 {
            say("this is the first step of the lesson.", .dim)
        } else if target > lesson.steps.count {
            if index + 1 < course.lessons.count {
                say("You finished \(lesson.title).", .success)
                say("")
                enter(lesson: index + 1, step: 1, showHeader: true)
            } else {
                say("That was the last step of the last lesson. Well done! progress shows what is left to do.", .success)
            }
        } else {
            enter(lesson: index, step: target)
        }
    }

    func goToStep(_ argument: String) {
        guard let lesson = currentLesson, let index = lessonIndex else {
            say("no lesson is open.", .error)
            return
        }
        guard let number = Int(argument), number >= 1, number <= lesson.steps.count else {
            say("step takes a number from 1 to \(lesson.steps.count).", .error)
            return
        }
        enter(lesson: index, step: number)
    }

    func showHelp(_ argument: String) {
        if !argument.isEmpty {
            guard let command = SessionCommand(word: argument) else {
                say("no command '\(argument)'.", .error)
                return
            }
            var line = StyledText(command.usage, .code)
            line.append("  \(command.summary)")
            say(line)
            if !command.aliases.isEmpty { say("also: \(command.aliases.joined(separator: ", "))", .dim) }
            return
        }
        say("Commands:", .heading)
        let width = SessionCommand.allCases.map(\.usage.count).max() ?? 10
        for command in SessionCommand.allCases {
            var line = StyledText("  " + command.usage.padded(to: width), .code)
            line.append("  \(command.summary)")
            say(line)
        }
        say("Ctrl-C stops a running example; Ctrl-D leaves.", .dim)
    }

    func listLessons() {
        let idWidth = course.lessons.map(\.id.count).max() ?? 0
        for lesson in course.lessons {
            let record = progress[lesson: lesson.id]
            let seen = lesson.steps.filter { record[step: $0.number].seen }.count
            let marker = seen == lesson.steps.count ? "✓" : seen > 0 ? "…" : " "
            var line = StyledText(" \(marker) ", seen == lesson.steps.count ? .success : .dim)
            line.append(String(lesson.order).leftPadded(to: 2) + "  ", .dim)
            line.append(lesson.id.padded(to: idWidth), .emphasis)
            line.append("  \(lesson.title)")
            line.append("  \(seen)/\(lesson.steps.count) steps", .dim)
            say(line)
        }
        for broken in course.broken {
            say("  !  \(broken.file): broken: \(broken.error.message) (line \(broken.error.location.line))", .error)
        }
    }

    func showProgress() {
        var totals = (steps: 0, seen: 0, quizzes: 0, answered: 0, exercises: 0, passed: 0)
        for lesson in course.lessons {
            let record = progress[lesson: lesson.id]
            let seen = lesson.steps.filter { record[step: $0.number].seen }.count
            var quizzes = 0, answered = 0, exercises = 0, passed = 0
            for step in lesson.steps {
                let stepRecord = record[step: step.number]
                quizzes += step.quizzes.count
                answered += step.quizzes.indices.filter { stepRecord.quizzes[String($0)]?.done == true }.count
                exercises += step.exercises.count
                passed += step.exercises.indices.filter { stepRecord.exercises[String($0)]?.done == true }.count
            }
            totals = (totals.steps + lesson.steps.count, totals.seen + seen, totals.quizzes + quizzes,
                      totals.answered + answered, totals.exercises + exercises, totals.passed + passed)
            var line = StyledText(lesson.id.padded(to: 18), .emphasis)
            line.append(" steps \(seen)/\(lesson.steps.count)  quizzes \(answered)/\(quizzes)  exercises \(passed)/\(exercises)")
            say(line)
        }
        say("all: steps \(totals.seen)/\(totals.steps), quizzes \(totals.answered)/\(totals.quizzes), exercises \(totals.passed)/\(totals.exercises)", .heading)
    }

    func resetLesson(_ argument: String) {
        let lesson = argument.isEmpty ? currentLesson : course.lesson(named: argument)
        guard let lesson else {
            say(argument.isEmpty ? "no lesson is open; say which: reset LESSON" : "no lesson '\(argument)'.", .error)
            return
        }
        progress.lessons[lesson.id] = nil
        store?.removePrograms(withPrefix: lesson.id + "-")
        if progress.position?.lesson == lesson.id { progress.position = Progress.Position(lesson: lesson.id, step: 1) }
        save()
        say("Progress in \(lesson.title) is reset.", .dim)
        if lesson.id == currentLesson?.id, let index = lessonIndex { enter(lesson: index, step: 1) }
    }
}

extension String {
    /// The string with spaces before it up to `width` characters.
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
