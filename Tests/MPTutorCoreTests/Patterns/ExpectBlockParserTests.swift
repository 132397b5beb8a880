import Testing

@testable import MPTutorCore

/// Expect blocks: pattern lines and directives, and every mistake an
/// author can make in them, each reported at its own line.
@Suite struct ExpectBlockParserTests {
    /// The file line of the block's `n`th content line (1-based).
    private func line(_ n: Int) -> SourceLocation {
        SourceLocation(file: patternFile, line: testFence.line + n)
    }

    // MARK: What a block holds

    @Test func readsPatternLinesWithTheirLocations() throws {
        let block = try expectBlock("first\nsecond {{int}}")
        #expect(block.stream == .stdout)
        #expect(block.location == testFence)
        guard block.items.count == 2, case .line(let first) = block.items[0], case .line(let second) = block.items[1] else {
            Issue.record("unexpected items \(block.items)")
            return
        }
        #expect(first.pattern.source == "first")
        #expect(first.pattern.location == line(1))
        #expect(first.count == .exactly(1))
        #expect(second.pattern.location == line(2))
    }

    @Test func readsEveryDirective() throws {
        let block = try expectBlock("""
            @# a comment is ignored
            start {{P:int}}
            @skip
            @any-order
            worker {{int}} ready
            @count 3
            tick
            @count 2+
            tock
            @end
            @count 4
            line
            @not Traceback{{any}}
            @skip
            """)
        #expect(block.items.count == 5)
        guard case .line(let start) = block.items[0] else { Issue.record("\(block.items[0])"); return }
        #expect(start.pattern.location == line(2))
        #expect(block.items[1] == .skip(line(3)))
        guard case .anyOrder(let entries, let location) = block.items[2] else { Issue.record("\(block.items[2])"); return }
        #expect(location == line(4))
        #expect(entries.map(\.pattern.source) == ["worker {{int}} ready", "tick", "tock"])
        #expect(entries.map(\.count) == [.exactly(1), .exactly(3), .atLeast(2)])
        #expect(entries.map(\.pattern.location) == [line(5), line(7), line(9)])
        guard case .line(let counted) = block.items[3] else { Issue.record("\(block.items[3])"); return }
        #expect(counted.count == .exactly(4))
        #expect(counted.pattern.location == line(12))
        #expect(block.items[4] == .skip(line(14)))
        #expect(block.forbidden.map(\.source) == ["Traceback{{any}}"])
        #expect(block.forbidden.map(\.location) == [line(13)])
        #expect(block.boundNames == ["P"])
    }

    @Test func aBackslashEscapesALineThatStartsWithAt() throws {
        let block = try expectBlock(#"\@decorator {{word}}"# + "\n" + #"\\server\share"#)
        guard case .line(let first) = block.items[0], case .line(let second) = block.items[1] else {
            Issue.record("\(block.items)")
            return
        }
        #expect(first.pattern.source == "@decorator {{word}}")
        #expect(second.pattern.source == #"\server\share"#)
    }

    @Test func directivesTolerateTrailingBlanksAndTabs() throws {
        let block = try expectBlock("@count\t2+  \nx\n@skip   ")
        #expect(block.items == [
            .line(ExpectedLine(pattern: try linePattern("x", line: 12), count: .atLeast(2))),
            .skip(line(3)),
        ])
    }

    @Test func anEmptyBlockExpectsNothing() throws {
        let block = try expectBlock("")
        #expect(block.items.isEmpty)
        #expect(block.forbidden.isEmpty)
    }

    @Test func blankLinesArePatternsForBlankOutputLines() throws {
        let block = try expectBlock("a\n\nb")
        #expect(block.items.count == 3)
        #expect(try blockMatches("a\n\nb", ["a", "", "b"]))
        #expect(try !blockMatches("a\n\nb", ["a", "b"]))
    }

    @Test func theStreamIsKept() throws {
        for stream in ExpectedStream.allCases {
            #expect(try expectBlock("x", stream: stream).stream == stream)
        }
    }

    @Test func capturesFromEarlierBlocksCanBeReferenced() throws {
        let block = try expectBlock("child of {{P}}", bound: ["P"])
        guard case .line(let line) = block.items.first else { Issue.record("\(block.items)"); return }
        #expect(line.pattern.referencedNames == ["P"])
        #expect(block.boundNames.isEmpty)
    }

    @Test func capturesBoundBeforeAGroupCanBeUsedInIt() throws {
        _ = try expectBlock("""
            parent {{P:int}}
            @any-order
            child of {{P}}
            child of {{P}}
            @end
            """)
    }

    @Test func capturesBoundInAGroupCanBeUsedAfterItsEnd() throws {
        let block = try expectBlock("""
            @any-order
            I am {{P:int}}
            my parent is {{Q:int}}
            @end
            done {{P}} {{Q}}
            """)
        #expect(block.boundNames == ["P", "Q"])
    }

    // MARK: Mistakes, each at its line

    struct Mistake: CustomTestStringConvertible, Sendable {
        var name: String
        var body: String
        /// The 1-based line of the block the error must point at.
        var line: Int
        var message: String
        var bound: Set<String> = []
        var testDescription: String { name }
    }

    static let mistakes: [Mistake] = [
        Mistake(name: "unclosed hole", body: "ok\nsecond\npid {{int\nfourth", line: 3, message: "is never closed with '}}'"),
        Mistake(name: "unknown hole type", body: "a\n{{N:float}}", line: 2, message: "unknown hole type 'float'"),
        Mistake(name: "hole type as capture name", body: "{{int:int}}", line: 1, message: "is a hole type"),
        Mistake(name: "bad regex", body: "x\ny\n{{/(?=a)/}}", line: 3, message: "look-arounds"),
        Mistake(name: "capture bound twice", body: "a {{P:int}}\nb\nc {{P:int}}", line: 3, message: "capture 'P' is already bound"),
        Mistake(name: "capture bound twice on one line", body: "{{P:int}} {{P:int}}", line: 1, message: "capture 'P' is already bound"),
        Mistake(name: "capture bound by an earlier block", body: "x\n{{P:int}}", line: 2, message: "capture 'P' is already bound", bound: ["P"]),
        Mistake(name: "reference before binding", body: "parent {{P}}\nchild of {{P:int}}", line: 1,
                message: "'{{P}}' refers to a capture that is not bound before this line"),
        Mistake(name: "reference to a capture never bound", body: "a\nb {{Nope}}", line: 2, message: "'{{Nope}}' refers to a capture"),
        Mistake(name: "reference on the binding line", body: "x\n{{P:int}} again {{P}}", line: 2, message: "'P' is used on the line that binds it"),
        Mistake(name: "reference within the same group", body: "@any-order\nI am {{P:int}}\nmy parent is {{P}}\n@end", line: 3,
                message: "refers to a capture that is not bound before this line"),
        Mistake(name: "reference within the same group, either order", body: "@any-order\nmy parent is {{P}}\nI am {{P:int}}\n@end", line: 2,
                message: "refers to a capture that is not bound before this line"),
        Mistake(name: "@end without @any-order", body: "a\n@end", line: 2, message: "@end without an @any-order before it"),
        Mistake(name: "second @end", body: "@any-order\na\n@end\n@end", line: 4, message: "@end without an @any-order"),
        Mistake(name: "unclosed @any-order", body: "a\n@any-order\nb\nc", line: 2, message: "@any-order is never closed with @end"),
        Mistake(name: "nested @any-order", body: "@any-order\na\n@any-order\nb\n@end", line: 3, message: "cannot be nested"),
        Mistake(name: "empty @any-order", body: "x\n@any-order\n@end", line: 2, message: "@any-order group is empty"),
        Mistake(name: "@skip in a group", body: "@any-order\na\n@skip\n@end", line: 3, message: "@skip cannot stand inside an @any-order group"),
        Mistake(name: "two @skip", body: "@skip\n@skip", line: 2, message: "two @skip in a row"),
        Mistake(name: "@count at the end", body: "a\n@count 2", line: 2, message: "@count is not followed by a pattern line"),
        Mistake(name: "@count before a directive", body: "@count 2\n@skip\na", line: 2, message: "@count must be followed by a pattern line, not @skip"),
        Mistake(name: "@count before @end", body: "@any-order\na\n@count 2\n@end", line: 4, message: "@count must be followed by a pattern line, not @end"),
        Mistake(name: "@count without a number", body: "@count\na", line: 1, message: "@count needs a whole number"),
        Mistake(name: "@count with a word", body: "x\n@count many\na", line: 2, message: "@count needs a whole number"),
        Mistake(name: "@count negative", body: "@count -1\na", line: 1, message: "@count needs a whole number"),
        Mistake(name: "@count 0", body: "@count 0\na", line: 1, message: "@count 0 would match nothing"),
        Mistake(name: "@count binding a capture", body: "@count 2\nworker {{W:int}}", line: 2, message: "cannot bind the capture 'W'"),
        Mistake(name: "@count N+ binding a capture", body: "@count 1+\nworker {{W:int}}", line: 2, message: "cannot bind the capture 'W'"),
        Mistake(name: "@not without a pattern", body: "a\n@not", line: 2, message: "@not needs a pattern"),
        Mistake(name: "@not binding a capture", body: "@not pid {{P:int}}", line: 1, message: "@not patterns cannot bind captures"),
        Mistake(name: "@not with an unbound reference", body: "@not pid {{P}}", line: 1, message: "refers to a capture"),
        Mistake(name: "@not with a bad pattern", body: "a\nb\n@not {{word", line: 3, message: "never closed"),
        Mistake(name: "unknown directive", body: "a\n@sometimes b", line: 2, message: "unknown directive '@sometimes'"),
        Mistake(name: "directive in capitals", body: "@SKIP", line: 1, message: "unknown directive '@SKIP'"),
        Mistake(name: "bare @", body: "@", line: 1, message: "unknown directive '@'"),
    ]

    @Test(arguments: mistakes)
    func mistakesAreReportedAtTheirLine(_ mistake: Mistake) throws {
        let error = try #require(expectBlockError(mistake.body, bound: mistake.bound), "accepted: \(mistake.body)")
        #expect(error.message.contains(mistake.message), "\(error.message)")
        #expect(error.location == line(mistake.line), "\(error.message)")
    }

    @Test func aGroupReferenceErrorExplainsWhereTheCaptureCanBeUsed() throws {
        let error = try #require(expectBlockError("@any-order\nI am {{P:int}}\nmy parent is {{P}}\n@end"))
        #expect(error.hint?.contains("only after its @end") == true)
        let outside = try #require(expectBlockError("parent {{P}}"))
        #expect(outside.hint?.contains("bind it first") == true)
    }

    @Test func unknownDirectivesSuggestTheEscape() throws {
        let error = try #require(expectBlockError("@decorator"))
        #expect(error.hint?.contains(#"\@"#) == true)
    }
}
