/// Running examples and the learner's programs live.
extension Session {
    func runExamples() {
        guard let lesson = currentLesson, let step = currentStep else {
            say("no lesson is open.", .error)
            return
        }
        guard !step.examples.isEmpty else {
            if !step.exercises.isEmpty {
                say("this step has no example to run; to run your exercise program, type check.", .dim)
            } else {
                say("this step has no example to run.", .dim)
            }
            return
        }
        for example in step.examples {
            emit(.runPhase(started: true))
            defer { emit(.runPhase(started: false)) }
            say("── running the example live (Ctrl-C stops it)", .dim)
            guard let result = execute(example.source, settings: example.settings) else { continue }
            let verdict = example.expectation.check(result)
            if verdict.passed {
                var line = StyledText("✓ The output matches what the lesson expects", .success)
                if !verdict.captures.isEmpty { line.append("  (\(verdict.captures))", .dim) }
                say(line)
            } else if result.interrupted {
                say("(you stopped it, so the output was not checked)", .dim)
            } else {
                say("✗ This run did not behave as the lesson expects:", .error)
                let report = FailureReport(result: result, shortLocations: true)
                say(lines: verdict.failures.flatMap { report.render($0) })
            }
        }
        progress[lesson: lesson.id][step: stepNumber].ran = true
        save()
        if pendingQuiz != nil { say("Type answer … for the quiz, or hint.", .dim) }
    }

    /// Runs a program with its output streamed to the sink; nil when it
    /// could not start (the reason has been said).
    func execute(_ source: String, settings: RunSettings) -> RunResult? {
        let control = RunControl()
        interrupter.begin(control)
        defer { interrupter.end() }
        let emit = self.emit
        do {
            // Every run is tagged with the writer of each line, for `who`;
            // what the program prints and what patterns see is unchanged.
            var options = settings.runOptions
            options.tagProcesses = true
            let result = try runner.get().run(Program(source: source), options: options, control: control) { event in
                if case .output(let stream, let text) = event { emit(.programOutput(stream, text)) }
            }
            say(RunSummary.line(for: result))
            say(lines: RunSummary.explanation(for: result, program: Program(source: source)))
            lastRun = result
            return result
        } catch {
            say("could not run the program: \(error)", .error)
            return nil
        }
    }

    // MARK: Exercises

    func beginProgram() {
        guard currentExercise != nil else {
            say("there is no exercise on this step.", .error)
            return
        }
        focus = .exercise
        programLines = []
        say("Type your program. End it with a line holding only a dot (.); Ctrl-C cancels.", .dim)
    }

    func receiveProgramLine(_ line: String) -> SessionAction {
        if line.trimmingWhitespace == "." {
            let source = (programLines ?? []).joined(separator: "\n") + "\n"
            programLines = nil
            storeProgram(source)
            return .proceed
        }
        programLines?.append(line)
        return .proceed
    }

    private func storeProgram(_ source: String) {
        guard let key = currentExerciseKey else { return }
        let count = source.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        if let store {
            do {
                try store.saveProgram(source, for: key)
            } catch {
                say("warning: \(error); your program is kept for this session only.", .error)
            }
        }
        unsavedPrograms[key] = source
        say("Saved your program (\(count) \(count == 1 ? "line" : "lines")). Type check to run it.", .dim)
    }

    func editProgram() -> SessionAction {
        guard let (exercise, _) = currentExercise, let key = currentExerciseKey else {
            say("there is no exercise on this step.", .error)
            return .proceed
        }
        guard let store else {
            say("edit needs a state folder to keep the file in; use write instead.", .error)
            return .proceed
        }
        focus = .exercise
        if store.program(for: key) == nil {
            do {
                try store.saveProgram(unsavedPrograms[key] ?? exercise.starter, for: key)
            } catch {
                say("cannot create the file to edit: \(error)", .error)
                return .proceed
            }
        }
        return .openEditor(store.programPath(for: key))
    }

    /// The learner's current program for the exercise: typed, edited, or
    /// (before either) the starter.
    func learnerProgram(for key: String, exercise: Exercise) -> (source: String, isStarter: Bool) {
        if let typed = unsavedPrograms[key] { return (typed, false) }
        if let saved = store?.program(for: key) { return (saved, false) }
        return (exercise.starter, true)
    }

    func checkProgram() {
        guard let lesson = currentLesson, let (exercise, index) = currentExercise, let key = currentExerciseKey else {
            say("there is no exercise on this step.", .error)
            return
        }
        focus = .exercise
        let (source, isStarter) = learnerProgram(for: key, exercise: exercise)
        if isStarter {
            say("You have not written a program yet, so this checks the starter code (write or edit to change it).", .dim)
        }
        emit(.runPhase(started: true))
        defer { emit(.runPhase(started: false)) }
        say("── checking your program (Ctrl-C stops it)", .dim)
        guard let result = execute(source, settings: exercise.settings) else { return }
        var record = progress[lesson: lesson.id][step: stepNumber].exercises[String(index)] ?? ItemProgress()
        record.attempts += 1
        let verdict = exercise.expectation.check(result)
        if verdict.passed {
            record.done = true
            say("✓ Your program passes the check. Well done!", .success)
            say("Type next to go on (solution shows the author's version).", .dim)
        } else {
            say("✗ Not yet. What the check expected and what it saw:", .error)
            let report = FailureReport(result: result, shortLocations: true)
            say(lines: verdict.failures.flatMap { report.render($0) })
            if record.attempts >= Self.attemptsBeforeSolution {
                say("Stuck? hint gives a hint; solution shows a solution now that you have tried \(record.attempts) times.", .dim)
            } else {
                offerHint(exercise.hints.count, shown: record.hintsShown)
            }
        }
        progress[lesson: lesson.id][step: stepNumber].exercises[String(index)] = record
        save()
    }
}
