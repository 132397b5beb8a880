import FoundationEssentials
import Dispatch
import Synchronization

/// `mptutor verify`: runs every live example and every exercise's
/// solution and starter of a course, checks quizzes, and reports each
/// failure in full.
///
/// What makes a lesson trustworthy is checked too: a starter that already
/// passes teaches nothing, a listed wrong answer that is accepted (or an
/// answer that is rejected) misleads. `repeat` runs each program several
/// times, so that an expectation that holds only on lucky runs is caught
/// before a learner meets it.
public struct Verifier: Sendable {
    private let runner: Runner
    private let repetitions: Int
    private let jobs: Int

    /// - Parameters:
    ///   - runner: runs the programs.
    ///   - repetitions: runs of each example and solution (at least 1).
    ///   - jobs: programs run at once (default: one per core).
    public init(runner: Runner, repetitions: Int = 1, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.runner = runner
        self.repetitions = max(1, repetitions)
        self.jobs = max(1, jobs)
    }

    /// Every check a course calls for, in course order.
    public static func checks(for course: Course) -> [VerifyCheck] {
        var checks: [VerifyCheck] = course.broken.map {
            VerifyCheck(lesson: $0.file, order: Int.min, step: 0, subject: .broken($0))
        }
        for lesson in course.lessons {
            for step in lesson.steps {
                for block in step.blocks {
                    let subjects: [VerifyCheck.Subject]
                    switch block {
                    case .example(let example): subjects = [.example(example)]
                    case .exercise(let exercise): subjects = [.solution(exercise), .starter(exercise)]
                    case .quiz(let quiz): subjects = [.quiz(quiz)]
                    case .prose, .code: subjects = []
                    }
                    checks += subjects.map { VerifyCheck(lesson: lesson.id, order: lesson.order, step: step.number, subject: $0) }
                }
            }
        }
        return checks
    }

    /// Runs every check, `jobs` programs at a time.
    /// - Parameter progress: called (from worker threads) as each check ends.
    /// - Returns: the outcomes in course order.
    public func verify(_ course: Course, progress: (@Sendable (VerifyOutcome) -> Void)? = nil) -> [VerifyOutcome] {
        let checks = Self.checks(for: course)
        // Work items: each run of each check, so the cores stay busy even
        // when one lesson is slow.
        var workList: [(check: Int, run: Int)] = []
        for (index, check) in checks.enumerated() {
            let runs: Int
            switch check.subject {
            case .example, .solution: runs = repetitions
            case .starter: runs = 1
            case .quiz, .broken: runs = 0
            }
            workList += (0..<max(runs, 1)).map { (index, $0) }
        }
        let items = workList
        let results = Mutex<[[[StyledText]?]]>(checks.map { _ in [] })
        let durations = Mutex<[Double]>(Array(repeating: 0, count: checks.count))
        let remaining = Mutex<[Int]>(items.reduce(into: Array(repeating: 0, count: checks.count)) { $0[$1.check] += 1 })
        let next = Atomic<Int>(0)
        let workers = min(jobs, max(1, items.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let (slot, _) = next.add(1, ordering: .relaxed)
                guard slot < items.count else { return }
                let item = items[slot]
                let check = checks[item.check]
                let started = Date()
                let problems = self.perform(check, run: item.run)
                let elapsed = Date().timeIntervalSince(started)
                results.withLock { $0[item.check].append(problems) }
                durations.withLock { $0[item.check] = max($0[item.check], elapsed) }
                let done = remaining.withLock { counts -> Bool in
                    counts[item.check] -= 1
                    return counts[item.check] == 0
                }
                if done, let progress {
                    progress(self.outcome(check, results: results.withLock { $0[item.check] }, slowest: durations.withLock { $0[item.check] }))
                }
            }
        }
        let all = results.withLock { $0 }
        let slowest = durations.withLock { $0 }
        return checks.indices.map { outcome(checks[$0], results: all[$0], slowest: slowest[$0]) }
    }

    private func outcome(_ check: VerifyCheck, results: [[StyledText]?], slowest: Double) -> VerifyOutcome {
        let failures = results.compactMap { $0 }
        var problems: [StyledText] = []
        if let first = failures.first {
            if failures.count > 1 || results.count > 1 {
                problems.append(StyledText("failed \(failures.count) of \(results.count) runs; the first failure:", .emphasis))
            }
            problems += first
        }
        let programs: Int
        switch check.subject {
        case .quiz, .broken: programs = 0
        default: programs = results.count
        }
        return VerifyOutcome(check: check, problems: problems, runs: programs, slowest: slowest)
    }

    /// One run of a check; nil when it passed.
    private func perform(_ check: VerifyCheck, run: Int) -> [StyledText]? {
        switch check.subject {
        case .broken(let broken):
            var lines = [StyledText("\(broken.error.location): ", .location) + StyledText(broken.error.message, .error)]
            if let hint = broken.error.hint { lines.append(StyledText("  hint: \(hint)", .dim)) }
            return lines
        case .quiz(let quiz):
            let problems = QuizAudit.problems(in: quiz)
            return problems.isEmpty ? nil : problems.map { StyledText("\(quiz.location): ", .location) + StyledText($0, .error) }
        case .example(let example):
            return runAndMatch(example.source, settings: example.settings, expectation: example.expectation,
                               mustPass: true, label: "the example")
        case .solution(let exercise):
            return runAndMatch(exercise.solution, settings: exercise.settings, expectation: exercise.expectation,
                               mustPass: true, label: "the solution")
        case .starter(let exercise):
            return runAndMatch(exercise.starter, settings: exercise.settings, expectation: exercise.expectation,
                               mustPass: false, label: "the starter")
        }
    }

    private func runAndMatch(_ source: String, settings: RunSettings, expectation: OutputExpectation,
                             mustPass: Bool, label: String) -> [StyledText]? {
        let result: RunResult
        do {
            result = try runner.run(Program(source: source), options: settings.runOptions)
        } catch {
            return [StyledText("\(label) could not be run: \(error)", .error)]
        }
        let verdict = expectation.check(result)
        if mustPass {
            guard !verdict.passed else { return nil }
            let report = FailureReport(result: result)
            return verdict.failures.flatMap { report.render($0) }
        }
        guard verdict.passed else { return nil }
        return [StyledText("\(label) already passes its own check, so the exercise teaches nothing", .error),
                StyledText("  hint: make the starter leave out what the learner is meant to write", .dim)]
    }
}
