import Testing

@testable import MPTutorCore

/// `@any-order` … `@end`: lines assigned to patterns as a whole, so the
/// verdict never depends on which process printed first.
@Suite struct AnyOrderGroupTests {
    /// Every ordering of `items`.
    private func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[T]] in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }

    // MARK: The greedy trap

    @Test(arguments: [["hello 1", "hello 2"], ["hello 2", "hello 1"]])
    func aLoosePatternNeverStealsTheLineAStrictOneNeeds(output: [String]) throws {
        #expect(try blockMatches("@any-order\nhello {{int}}\nhello 1\n@end", output))
        #expect(try blockMatches("@any-order\nhello 1\nhello {{int}}\n@end", output))
    }

    @Test func theGreedyTrapWithCapturesBindsTheLineLeftOver() throws {
        for output in [["hello 1", "hello 2"], ["hello 2", "hello 1"]] {
            var captures = Captures()
            #expect(try matchFailure("@any-order\nhello {{N:int}}\nhello 1\n@end", output, captures: &captures) == nil)
            #expect(captures["N"] == "2", "\(output)")
        }
    }

    @Test func everyOrderOfThreeProcessesPasses() throws {
        let expect = """
            @any-order
            worker {{int}} says {{word}}
            worker 1 says hi
            worker {{int}} says bye
            @end
            """
        for output in permutations(["worker 1 says hi", "worker 2 says bye", "worker 3 says hi"]) {
            #expect(try blockMatches(expect, output), "\(output)")
        }
    }

    @Test func theDirectMatcherAgrees() throws {
        let block = try expectBlock("@any-order\nhello {{int}}\nhello 1\n@end")
        guard case .anyOrder(let entries, let location) = block.items.first else { Issue.record("\(block.items)"); return }
        let group = AnyOrderGroup(entries: entries, location: location, stream: .stdout)
        let lines = ["before", "hello 2", "hello 1", "after"].map { PreparedLine($0) }
        switch group.match(lines, from: 1, captures: Captures()) {
        case .success(let end, _): #expect(end == 3)
        case .failure(let failure): Issue.record("\(failure)")
        }
    }

    // MARK: Counts in groups

    @Test func countsInsideAGroup() throws {
        let expect = """
            @any-order
            @count 3
            worker {{int}} done
            main done
            @end
            """
        for output in permutations(["worker 1 done", "worker 2 done", "worker 3 done", "main done"]) {
            #expect(try blockMatches(expect, output), "\(output)")
        }
        #expect(try !blockMatches(expect, ["worker 1 done", "main done", "worker 2 done"]))
        #expect(try !blockMatches(expect, ["worker 1 done", "main done", "worker 2 done", "worker 3 done", "worker 4 done"]))
    }

    @Test func countPlusInsideAGroupTakesTheFollowingMatchingLines() throws {
        let expect = """
            @any-order
            @count 2+
            tick {{int}}
            boom
            @end
            end
            """
        #expect(try blockMatches(expect, ["tick 1", "boom", "tick 2", "end"]))
        #expect(try blockMatches(expect, ["boom", "tick 1", "tick 2", "tick 3", "end"]))
        #expect(try blockMatches(expect, ["tick 1", "boom", "tick 2", "tick 3", "tick 4", "end"]))
        #expect(try !blockMatches(expect, ["tick 1", "boom", "end"]))
        #expect(try !blockMatches(expect, ["tick 1", "tick 2", "end"]))
    }

    /// "At least N" lines in any order: the verdict must not depend on
    /// whether the other entries' lines come before or after the extra ones.
    @Test func countPlusInAGroupDoesNotDependOnWhereTheOtherLinesFall() throws {
        let expect = """
            @any-order
            @count 2+
            tick {{int}}
            boom
            @end
            end
            """
        for output in permutations(["tick 1", "tick 2", "tick 3", "boom"]) {
            #expect(try blockMatches(expect, output + ["end"]), "\(output)")
        }
        #expect(try blockMatches(expect, ["tick 1", "tick 2", "tick 3", "boom", "tick 4", "tick 5", "end"]))
    }

    @Test(arguments: 1...6)
    func countsInAGroupHoldForEveryShuffle(seed: Int) throws {
        let expect = """
            @any-order
            @count 2+
            a {{int}}
            @count 3
            b {{int}}
            c
            c
            @end
            end
            """
        var generator = SplitMix64(seed: UInt64(seed))
        let lines = ["a 1", "a 2", "a 3", "a 4", "b 1", "b 2", "b 3", "c", "c"]
        for _ in 0..<20 {
            let shuffled = lines.shuffled(using: &generator)
            #expect(try blockMatches(expect, shuffled + ["end"]), "\(shuffled)")
            #expect(try !blockMatches(expect, shuffled.filter { $0 != "b 2" } + ["end"]), "\(shuffled)")
            #expect(try !blockMatches(expect, shuffled + ["c", "end"]), "\(shuffled)")
        }
    }

    @Test func aLooseCountPlusWithAMissingEntryFailsQuickly() throws {
        let expect = "@any-order\n@count 1+\n{{any}}\nnever printed\n@end"
        let output = (0..<1_000).map { "line \($0)" }
        let failure = try #require(try matchFailure(expect, output))
        guard case .unordered(let unmatched, _) = failure.kind else { Issue.record("\(failure.kind)"); return }
        #expect(unmatched.map(\.pattern.source) == ["never printed"])
    }

    @Test func countPlusInAGroupLeavesLinesTheGroupCannotTake() throws {
        // The second `y` cannot go to the group (one `y` entry): it is the
        // line after the group.
        let expect = "@any-order\n@count 1+\nx {{int}}\ny\n@end\ny"
        #expect(try blockMatches(expect, ["x 1", "y", "y"]))
        #expect(try blockMatches(expect, ["y", "x 1", "x 2", "y"]))
        #expect(try blockMatches(expect, ["x 1", "x 2", "y", "x 3", "y"]))
    }

    @Test func countPlusInsideAGroupStopsAtTheFirstOtherLine() throws {
        let expect = "@any-order\n@count 1+\nx {{int}}\ny\n@end\nz"
        let failure = try #require(try matchFailure(expect, ["x 1", "y", "x 2", "z", "x 3"]))
        #expect(failure.kind == .extraOutput)
        #expect(failure.lineIndex == 4)
    }

    @Test func countPlusOutsideAGroupAfterIt() throws {
        let expect = "@any-order\na\nb\n@end\n@count 2+\nc"
        #expect(try blockMatches(expect, ["b", "a", "c", "c", "c"]))
        #expect(try !blockMatches(expect, ["b", "a", "c"]))
    }

    // MARK: Captures

    @Test func capturesBoundInAGroupAreUsableAfterItsEnd() throws {
        let expect = """
            @any-order
            I am {{P:int}}
            my parent is {{Q:int}}
            @end
            parent {{P}} and {{Q}}
            """
        var captures = Captures()
        #expect(try matchFailure(expect, ["my parent is 10", "I am 10", "parent 10 and 10"], captures: &captures) == nil)
        #expect(captures["P"] == "10")
        #expect(captures["Q"] == "10")
        let failure = try #require(try matchFailure(expect, ["I am 10", "my parent is 11", "parent 10 and 10"]))
        #expect(failure.kind == .mismatch)
        #expect(failure.expected == "parent 10 and 11")
        #expect(failure.lineIndex == 2)
    }

    @Test func theForkExampleOfTheReadme() throws {
        let expect = """
            before fork: one process, pid {{P:int}}
            @any-order
            fork returned 0 in process {{C:int}}
            fork returned {{C2:int}} in process {{P}}
            @end
            parent {{P}} waited for child {{C}}
            """
        let childFirst = ["before fork: one process, pid 100", "fork returned 0 in process 101",
                          "fork returned 101 in process 100", "parent 100 waited for child 101"]
        let parentFirst = [childFirst[0], childFirst[2], childFirst[1], childFirst[3]]
        #expect(try blockMatches(expect, childFirst))
        #expect(try blockMatches(expect, parentFirst))
        // The parent's line must carry the parent's pid.
        #expect(try !blockMatches(expect, [childFirst[0], childFirst[1], "fork returned 101 in process 102", childFirst[3]]))
        // The child waited for must be the child that printed.
        #expect(try !blockMatches(expect, [childFirst[0], childFirst[1], childFirst[2], "parent 100 waited for child 102"]))
    }

    @Test func capturesBoundBeforeAGroupConstrainIt() throws {
        let expect = "main {{P:int}}\n@any-order\nchild of {{P}}\nchild of {{P}}\n@end"
        #expect(try blockMatches(expect, ["main 7", "child of 7", "child of 7"]))
        #expect(try !blockMatches(expect, ["main 7", "child of 7", "child of 8"]))
    }

    // MARK: Failures

    @Test func outputEndingInsideAGroupReportsTheUnmatchedEntries() throws {
        let expect = "@any-order\nalpha\nbeta\ngamma\n@end"
        let failure = try #require(try matchFailure(expect, ["gamma", "alpha"]))
        guard case .unordered(let unmatched, let leftover) = failure.kind else { Issue.record("\(failure.kind)"); return }
        #expect(unmatched.map(\.pattern.source) == ["beta"])
        #expect(leftover.isEmpty)
        #expect(failure.location == SourceLocation(file: patternFile, line: 13))
        #expect(failure.expected == "beta")
    }

    @Test func aWrongLineInAGroupIsLeftOver() throws {
        let expect = "@any-order\nalpha\nbeta\ngamma\n@end"
        let failure = try #require(try matchFailure(expect, ["gamma", "betta", "alpha"]))
        guard case .unordered(let unmatched, let leftover) = failure.kind else { Issue.record("\(failure.kind)"); return }
        #expect(unmatched.map(\.pattern.source) == ["beta"])
        #expect(leftover == [1])
        #expect(failure.lineIndex == 1)
        #expect(failure.column == 3)
        #expect(failure.location == SourceLocation(file: patternFile, line: 13))
    }

    @Test func severalUnmatchedEntriesAreAllReported() throws {
        let expect = "start\n@any-order\na {{int}}\nb {{int}}\nc {{int}}\n@end"
        let failure = try #require(try matchFailure(expect, ["start", "a 1", "x 2", "y 3"]))
        guard case .unordered(let unmatched, let leftover) = failure.kind else { Issue.record("\(failure.kind)"); return }
        #expect(unmatched.map(\.pattern.source) == ["b {{int}}", "c {{int}}"])
        #expect(leftover == [2, 3])
    }

    @Test func twoEntriesWantingOneLine() throws {
        let failure = try #require(try matchFailure("@any-order\nhello 1\nhello 1\n@end", ["hello 1", "hello 2"]))
        guard case .unordered(let unmatched, let leftover) = failure.kind else { Issue.record("\(failure.kind)"); return }
        #expect(unmatched.map(\.pattern.source) == ["hello 1"])
        #expect(leftover == [1])
    }

    @Test func linesAfterAGroupAreExtraOutput() throws {
        let failure = try #require(try matchFailure("@any-order\na\nb\n@end", ["b", "a", "c"]))
        #expect(failure.kind == .extraOutput)
        #expect(failure.lineIndex == 2)
    }

    @Test func aGroupTakesOnlyAsManyLinesAsItHasEntries() throws {
        // `b` would fit the group, but the group is full after two lines.
        let failure = try #require(try matchFailure("@any-order\na\n{{word}}\n@end", ["a", "c", "b"]))
        #expect(failure.kind == .extraOutput)
        #expect(failure.lineIndex == 2)
    }

    @Test func skipBeforeAGroup() throws {
        let expect = "start\n@skip\n@any-order\na\nb\n@end"
        #expect(try blockMatches(expect, ["start", "noise", "b", "a"]))
        #expect(try blockMatches(expect, ["start", "a", "b"]))
        #expect(try !blockMatches(expect, ["start", "noise", "b", "noise", "a"]))
    }

    @Test func aLargeGroupIsMatchedQuickly() throws {
        let count = 100
        let expect = "@any-order\n" + (0..<count).map { "line {{int}} of \($0 % 7)" }.joined(separator: "\n") + "\n@end"
        let output = (0..<count).reversed().map { "line \($0) of \($0 % 7)" }
        #expect(try blockMatches(expect, output))
    }
}
