import Testing

@testable import MPTutorCore

/// The standard-library stand-ins for the few Foundation string calls.
@Suite struct PlainTextTests {
    @Test func numbersWithAFixedNumberOfDecimals() {
        #expect(String(0.0, fractionDigits: 2) == "0.00")
        #expect(String(0.005, fractionDigits: 2) == "0.01")
        #expect(String(1.995, fractionDigits: 2) == "2.00")
        #expect(String(12.25, fractionDigits: 1) == "12.3")
        #expect(String(3.04, fractionDigits: 1) == "3.0")
        #expect(String(-1.5, fractionDigits: 1) == "-1.5")
        #expect(String(7.6, fractionDigits: 0) == "8")
    }

    @Test func paths() {
        #expect("Lessons/01-fork.md".pathLastComponent == "01-fork.md")
        #expect("Lessons/01-fork.md".pathStem == "01-fork")
        #expect("/a/b/c".pathParent == "/a/b")
        #expect("/top".pathParent == "/")
        #expect("plain".pathParent == "")
        #expect(".hidden".pathStem == ".hidden")
        #expect("archive.tar.gz".pathStem == "archive.tar")
    }

    @Test func trimmingPaddingAndSearching() {
        #expect("  \tmixed 中文 \t".trimmingWhitespace == "mixed 中文")
        #expect("id".padded(to: 4) == "id  ")
        #expect("toolong".padded(to: 4) == "tool")
        let text = "a/site-packages/b/site-packages/c"
        let last = text.lastRange(of: "/site-packages/")
        #expect(last.map { String(text[$0.upperBound...]) } == "c")
        #expect(text.lastRange(of: "missing") == nil)
        #expect("{{a}} {{b}}".asciiRange(of: "{{").map { "{{a}} {{b}}".distance(from: "{{a}} {{b}}".startIndex, to: $0.lowerBound) } == 0)
        #expect("Answer: 3".hasASCIIPrefixIgnoringCase("answer:"))
        #expect(!"Ans".hasASCIIPrefixIgnoringCase("answer:"))
    }
}
