/// Matches an `@any-order` group: the next lines of output, in any order,
/// each taken by exactly one entry (an entry with `@count N` takes N).
///
/// The group takes as many lines as its entries' counts add up to, then, if
/// an entry says `N+`, every following line that one of its entries
/// matches, as far as the lines can still be assigned (`longestRun`).
/// Lines are assigned by maximum bipartite matching, so the verdict never
/// depends on the order in which several processes happened to print.
struct AnyOrderGroup {
    enum Outcome {
        case success(end: Int, captures: Captures)
        case failure(MatchFailure)
    }

    let entries: [ExpectedLine]
    let location: SourceLocation
    let stream: ExpectedStream

    func match(_ lines: [PreparedLine], from start: Int, captures: Captures) -> Outcome {
        let compiled = entries.map { $0.pattern.compile(with: captures) }
        let open = entries.indices.filter { if case .atLeast = entries[$0].count { return true } else { return false } }
        let minimum = entries.reduce(0) { $0 + $1.count.minimum }
        var end = min(lines.count, start + minimum)
        if end == start + minimum, !open.isEmpty {
            end = longestRun(lines, from: start, minimumEnd: end, compiled: compiled, open: open)
        }
        let window = Array(start..<end)
        // Which entries match which lines of the window.
        var fits = [[Int]](repeating: [], count: entries.count)
        for (column, index) in window.enumerated() {
            for entry in entries.indices where compiled[entry].match(lines[index].scalars).matched {
                fits[entry].append(column)
            }
        }
        // Left nodes: one per line an entry must take, then one "extra"
        // node per line beyond the minimum, which any open entry may take.
        var owners: [Int?] = []
        var edges: [[Int]] = []
        for entry in entries.indices {
            for _ in 0..<entries[entry].count.minimum {
                owners.append(entry)
                edges.append(fits[entry])
            }
        }
        let openFits = Array(Set(open.flatMap { fits[$0] })).sorted()
        for _ in 0..<max(0, window.count - minimum) {
            owners.append(nil)
            edges.append(openFits)
        }
        let matching = BipartiteMatching(edges: edges, rightCount: window.count)
        if matching.size == edges.count, edges.count == window.count {
            var bound = captures
            for (slot, owner) in owners.enumerated() {
                guard let owner, let column = matching.leftMatch[slot] else { continue }
                if let pairs = compiled[owner].match(lines[window[column]].scalars).captures {
                    for (name, value) in pairs { bound.bind(name, to: value) }
                }
            }
            return .success(end: end, captures: bound)
        }
        return .failure(failure(lines, window: window, owners: owners, matching: matching, compiled: compiled, captures: captures))
    }

    /// Where a group with an `N+` entry ends: after the longest run of lines
    /// from `start`, each matched by some entry, that can be assigned.
    ///
    /// A run can be assigned when (a) every slot can be given a line of it
    /// and (b) its lines that no `N+` entry matches can each be given a slot
    /// of their own (the other lines go to the `N+` entries as extras). By
    /// the Mendelsohn–Dulmage theorem, (a) and (b) together give one
    /// assignment that does both. (a) only gets easier as the run grows and
    /// (b) only harder, so the runs that can be assigned are consecutive and
    /// the longest one to try is the longest for which (b) holds.
    private func longestRun(
        _ lines: [PreparedLine], from start: Int, minimumEnd: Int, compiled: [CompiledLine], open: [Int]
    ) -> Int {
        var limit = minimumEnd
        while limit < lines.count, compiled.contains(where: { $0.match(lines[limit].scalars).matched }) {
            limit += 1
        }
        // The slots of entries without `+`, and the lines only they can take.
        let slots = entries.indices.filter { !open.contains($0) }.flatMap { repeatElement($0, count: entries[$0].count.minimum) }
        let closedLines: [(index: Int, slots: [Int])] = (start..<limit).compactMap { index in
            let scalars = lines[index].scalars
            if open.contains(where: { compiled[$0].match(scalars).matched }) { return nil }
            return (index, slots.indices.filter { compiled[slots[$0]].match(scalars).matched })
        }
        func coverable(to end: Int) -> Bool {
            let edges = closedLines.prefix { $0.index < end }.map(\.slots)
            return edges.count <= slots.count && BipartiteMatching(edges: edges, rightCount: slots.count).size == edges.count
        }
        guard coverable(to: minimumEnd) else { return minimumEnd }
        var low = minimumEnd, high = limit
        while low < high {
            let middle = (low + high + 1) / 2
            if coverable(to: middle) { low = middle } else { high = middle - 1 }
        }
        return low
    }

    private func failure(
        _ lines: [PreparedLine], window: [Int], owners: [Int?], matching: BipartiteMatching,
        compiled: [CompiledLine], captures: Captures
    ) -> MatchFailure {
        var unmatchedEntries: [Int] = []
        for (slot, owner) in owners.enumerated() where matching.leftMatch[slot] == nil {
            if let owner, !unmatchedEntries.contains(owner) { unmatchedEntries.append(owner) }
        }
        let leftover = window.indices.filter { matching.rightMatch[$0] == nil }.map { window[$0] }
        let first = unmatchedEntries.first.map { entries[$0] } ?? entries[0]
        var failed = MatchFailure(
            kind: .unordered(unmatched: unmatchedEntries.map { entries[$0] }, leftover: leftover),
            stream: stream, location: first.pattern.location,
            expected: first.pattern.rendered(with: captures), captures: captures)
        let candidates = leftover.map { lines[$0] }
        if let firstEntry = unmatchedEntries.first,
           let (index, column) = ClosestLine.find(pattern: compiled[firstEntry], expected: failed.expected ?? "", in: candidates, from: 0) {
            failed.lineIndex = leftover[index]
            failed.column = column
        } else if let line = leftover.first {
            failed.lineIndex = line
        }
        return failed
    }
}
