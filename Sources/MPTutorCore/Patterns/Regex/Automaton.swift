/// A compiled pattern: a program for a Pike virtual machine (Thompson's
/// construction with capture slots).
///
/// Matching runs every alive thread in lock-step over the line, so the time
/// is linear in the line's length whatever the pattern; this is the reason
/// mptutor does not use Swift's backtracking `Regex` (107 s on `(a+)+b`
/// against 20 `a`s, measured on this kind of machine).
struct Automaton: Sendable {
    enum Instruction: Sendable {
        case scalar(UInt32)
        case set(ScalarSet)
        /// Try `first`, then `second` (priority order decides captures).
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case match
    }

    private(set) var instructions: [Instruction] = []
    /// Two slots (start, end) per capture.
    let slotCount: Int

    /// Compiles a node; `captureCount` is the number of capture indices used.
    init(_ node: RegexNode, captureCount: Int) {
        slotCount = captureCount * 2
        emit(node)
        instructions.append(.match)
    }

    private mutating func append(_ instruction: Instruction) -> Int {
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func emit(_ node: RegexNode) {
        switch node {
        case .empty:
            break
        case .scalar(let value):
            _ = append(.scalar(value))
        case .set(let set):
            _ = append(.set(set))
        case .concat(let parts):
            for part in parts { emit(part) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index == branches.count - 1 {
                    emit(branch)
                } else {
                    let split = append(.split(0, 0))
                    emit(branch)
                    jumps.append(append(.jump(0)))
                    instructions[split] = .split(split + 1, instructions.count)
                }
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case .repeatRange(let inner, let min, let max, let greedy):
            for _ in 0..<min { emit(inner) }
            if let max {
                // Each optional copy: split(copy, end); nested so that a
                // later copy is only tried after an earlier one matched.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(append(.split(0, 0)))
                    emit(inner)
                }
                for split in splits {
                    instructions[split] = greedy
                        ? .split(split + 1, instructions.count)
                        : .split(instructions.count, split + 1)
                }
            } else {
                let split = append(.split(0, 0))
                emit(inner)
                _ = append(.jump(split))
                instructions[split] = greedy
                    ? .split(split + 1, instructions.count)
                    : .split(instructions.count, split + 1)
            }
        case .capture(let inner, let index):
            _ = append(.save(index * 2))
            emit(inner)
            _ = append(.save(index * 2 + 1))
        }
    }
}

/// The outcome of running an automaton over a whole line.
struct AutomatonResult: Sendable {
    /// Capture slots (scalar offsets) when the whole line matched.
    var slots: [Int]?
    /// How many scalars of the line some thread consumed before every thread
    /// died: where a caret should point when the line does not match.
    var furthest: Int
    var matched: Bool { slots != nil }
}

extension Automaton {
    /// Runs the program over `input`; a match must consume all of it.
    ///
    /// All working memory comes from one temporary allocation (thread lists,
    /// their capture slots, a visited stamp per instruction), so matching a
    /// line allocates nothing on the heap but the result: this runs once
    /// per output line per expectation.
    func run(_ input: [UInt32]) -> AutomatonResult {
        let count = instructions.count
        let slots = slotCount
        let size = count * 3 + count * slots * 2 + slots
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: size) { buffer in
            let base = buffer.baseAddress!
            var machine = Machine(
                stamps: base, currentPCs: base + count, nextPCs: base + count * 2,
                currentSlots: base + count * 3, nextSlots: base + count * 3 + count * slots,
                work: base + count * 3 + count * slots * 2, slotCount: slots)
            machine.stamps.initialize(repeating: -1, count: count)
            machine.work.initialize(repeating: -1, count: slots)
            return machine.run(instructions, input)
        }
    }
}

/// The Pike machine's state over borrowed memory: two thread lists (program
/// counters and a row of capture slots each) and a stamp per instruction
/// saying at which step it was last added, so no thread is added twice.
private struct Machine {
    let stamps: UnsafeMutablePointer<Int>
    var currentPCs: UnsafeMutablePointer<Int>
    var nextPCs: UnsafeMutablePointer<Int>
    var currentSlots: UnsafeMutablePointer<Int>
    var nextSlots: UnsafeMutablePointer<Int>
    /// The slots of the thread being followed through saves.
    let work: UnsafeMutablePointer<Int>
    let slotCount: Int
    var currentCount = 0
    var nextCount = 0

    init(stamps: UnsafeMutablePointer<Int>, currentPCs: UnsafeMutablePointer<Int>, nextPCs: UnsafeMutablePointer<Int>,
         currentSlots: UnsafeMutablePointer<Int>, nextSlots: UnsafeMutablePointer<Int>,
         work: UnsafeMutablePointer<Int>, slotCount: Int) {
        self.stamps = stamps
        self.currentPCs = currentPCs
        self.nextPCs = nextPCs
        self.currentSlots = currentSlots
        self.nextSlots = nextSlots
        self.work = work
        self.slotCount = slotCount
    }

    mutating func run(_ program: [Automaton.Instruction], _ input: [UInt32]) -> AutomatonResult {
        // Step s adds threads for position s; stamps hold s.
        addThread(program, pc: 0, position: 0, intoNext: false)
        var furthest = 0
        var matched: [Int]?
        var position = 0
        while currentCount > 0 {
            furthest = position
            let scalar: UInt32? = position < input.count ? input[position] : nil
            nextCount = 0
            for index in 0..<currentCount {
                let pc = currentPCs[index]
                let consumes: Bool
                switch program[pc] {
                case .match:
                    if scalar == nil, matched == nil {
                        let row = currentSlots + index * slotCount
                        matched = Array(UnsafeBufferPointer(start: row, count: slotCount))
                    }
                    consumes = false
                case .scalar(let value):
                    consumes = scalar == value
                case .set(let set):
                    consumes = scalar.map(set.contains) ?? false
                case .split, .jump, .save:
                    consumes = false
                }
                if consumes {
                    // The thread's slots become the working row for the
                    // instructions that follow.
                    if slotCount > 0 {
                        work.update(from: currentSlots + index * slotCount, count: slotCount)
                    }
                    addThread(program, pc: pc + 1, position: position + 1, intoNext: true)
                }
            }
            if scalar == nil { break }
            position += 1
            swap(&currentPCs, &nextPCs)
            swap(&currentSlots, &nextSlots)
            currentCount = nextCount
        }
        return AutomatonResult(slots: matched, furthest: furthest)
    }

    /// Follows jumps, splits and saves from `pc`, adding the instructions
    /// that consume input (or match) to a list with the working slots.
    private mutating func addThread(_ program: [Automaton.Instruction], pc: Int, position: Int, intoNext: Bool) {
        if stamps[pc] == position { return }
        stamps[pc] = position
        switch program[pc] {
        case .jump(let target):
            addThread(program, pc: target, position: position, intoNext: intoNext)
        case .split(let first, let second):
            addThread(program, pc: first, position: position, intoNext: intoNext)
            addThread(program, pc: second, position: position, intoNext: intoNext)
        case .save(let slot):
            let saved = work[slot]
            work[slot] = position
            addThread(program, pc: pc + 1, position: position, intoNext: intoNext)
            work[slot] = saved
        default:
            if intoNext {
                nextPCs[nextCount] = pc
                if slotCount > 0 { (nextSlots + nextCount * slotCount).update(from: work, count: slotCount) }
                nextCount += 1
            } else {
                currentPCs[currentCount] = pc
                if slotCount > 0 { (currentSlots + currentCount * slotCount).update(from: work, count: slotCount) }
                currentCount += 1
            }
        }
    }
}
