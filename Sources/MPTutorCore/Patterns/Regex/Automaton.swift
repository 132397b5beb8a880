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
    func run(_ input: [UInt32]) -> AutomatonResult {
        var current = ThreadList(capacity: instructions.count)
        var next = ThreadList(capacity: instructions.count)
        let initialSlots = [Int](repeating: -1, count: slotCount)
        addThread(&current, pc: 0, slots: initialSlots, position: 0)
        var furthest = 0
        var matchedSlots: [Int]?
        var position = 0
        while true {
            if current.isEmpty { break }
            furthest = position
            let scalar: UInt32? = position < input.count ? input[position] : nil
            for index in 0..<current.count {
                let pc = current.pcs[index]
                switch instructions[pc] {
                case .match:
                    if scalar == nil {
                        // Highest-priority thread that matched at the end wins.
                        if matchedSlots == nil { matchedSlots = current.slots[index] }
                    }
                case .scalar(let value):
                    if let scalar, scalar == value {
                        addThread(&next, pc: pc + 1, slots: current.slots[index], position: position + 1)
                    }
                case .set(let set):
                    if let scalar, set.contains(scalar) {
                        addThread(&next, pc: pc + 1, slots: current.slots[index], position: position + 1)
                    }
                case .split, .jump, .save:
                    break
                }
            }
            if scalar == nil { break }
            position += 1
            swap(&current, &next)
            next.clear()
        }
        return AutomatonResult(slots: matchedSlots, furthest: furthest)
    }

    /// Follows jumps, splits and saves to the instructions that consume input.
    private func addThread(_ list: inout ThreadList, pc: Int, slots: [Int], position: Int) {
        if list.contains(pc) { return }
        list.mark(pc)
        switch instructions[pc] {
        case .jump(let target):
            addThread(&list, pc: target, slots: slots, position: position)
        case .split(let first, let second):
            addThread(&list, pc: first, slots: slots, position: position)
            addThread(&list, pc: second, slots: slots, position: position)
        case .save(let slot):
            var updated = slots
            updated[slot] = position
            addThread(&list, pc: pc + 1, slots: updated, position: position)
        default:
            list.append(pc: pc, slots: slots)
        }
    }
}

/// The threads alive at one position, without duplicates (a sparse set over
/// program counters), in priority order.
private struct ThreadList {
    var pcs: [Int] = []
    var slots: [[Int]] = []
    private var seen: [Int]
    private var generation = 1

    init(capacity: Int) {
        seen = [Int](repeating: 0, count: capacity)
        pcs.reserveCapacity(capacity)
        slots.reserveCapacity(capacity)
    }

    var isEmpty: Bool { pcs.isEmpty }
    var count: Int { pcs.count }
    func contains(_ pc: Int) -> Bool { seen[pc] == generation }
    mutating func mark(_ pc: Int) { seen[pc] = generation }
    mutating func append(pc: Int, slots threadSlots: [Int]) {
        pcs.append(pc)
        slots.append(threadSlots)
    }
    mutating func clear() {
        pcs.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
        generation += 1
    }
}
