import Testing

@testable import MPTutorCore

/// Pattern lines: literal text, `{{…}}` holes, captures, back-references,
/// quoted literals and trailing blanks (Lessons/README.md, "Pattern lines").
@Suite struct LinePatternTests {
    // MARK: Parsing

    @Test func splitsALineIntoLiteralsHolesAndReferences() throws {
        let pattern = try linePattern("child {{C:int}} of {{P}} at {{hex}}")
        #expect(pattern.segments == [
            .literal("child "), .hole(.int, binds: "C"), .literal(" of "), .reference("P"),
            .literal(" at "), .hole(.hex, binds: nil),
        ])
        #expect(pattern.boundNames == ["C"])
        #expect(pattern.referencedNames == ["P"])
        #expect(!pattern.isLiteral)
    }

    @Test(arguments: [
        ("{{int}}", LinePattern.HoleKind.int),
        ("{{num}}", .num),
        ("{{hex}}", .hex),
        ("{{word}}", .word),
        ("{{any}}", .any),
        ("{{/a+b/}}", .regex("a+b")),
        ("{{ int }}", .int),
    ])
    func readsEveryHoleType(source: String, kind: LinePattern.HoleKind) throws {
        #expect(try linePattern(source).segments == [.hole(kind, binds: nil)])
    }

    @Test(arguments: [
        ("{{N:int}}", LinePattern.HoleKind.int),
        ("{{N:num}}", .num),
        ("{{N:hex}}", .hex),
        ("{{N:word}}", .word),
        ("{{N:any}}", .any),
        ("{{N:/[a-z]+/}}", .regex("[a-z]+")),
        ("{{ N : int }}", .int),
    ])
    func readsEveryHoleTypeAsACapture(source: String, kind: LinePattern.HoleKind) throws {
        let pattern = try linePattern(source)
        #expect(pattern.segments == [.hole(kind, binds: "N")])
        #expect(pattern.boundNames == ["N"])
    }

    @Test func quotedTextIsLiteral() throws {
        let pattern = try linePattern(#"{{"{{"}}int{{"}}"}} and {{"/x/"}}"#)
        #expect(pattern.segments == [.literal("{{int}} and /x/")])
        #expect(pattern.isLiteral)
        #expect(try lineMatches(#"{{"{{"}}int{{"}}"}}"#, "{{int}}"))
        #expect(try !lineMatches(#"{{"{{"}}int{{"}}"}}"#, "{{7}}"))
    }

    @Test func keepsTheSourceWithoutTrailingBlanks() throws {
        let pattern = try linePattern("hello {{int}}  \t ", line: 42)
        #expect(pattern.source == "hello {{int}}")
        #expect(pattern.description == "hello {{int}}")
        #expect(pattern.location == SourceLocation(file: patternFile, line: 42))
    }

    @Test func rendersReferencesWithTheirValues() throws {
        var captures = Captures()
        captures.bind("P", to: "41207")
        let pattern = try linePattern("parent {{P}} made {{C:int}} of {{Q}} via {{/x+/}}")
        #expect(pattern.rendered(with: captures) == "parent 41207 made {{C:int}} of {{Q}} via {{/x+/}}")
    }

    // MARK: Matching each hole type

    @Test(arguments: [
        ("pid {{int}}", "pid 123", true),
        ("pid {{int}}", "pid -5", true),
        ("pid {{int}}", "pid 0", true),
        ("pid {{int}}", "pid 1.5", false),
        ("pid {{int}}", "pid +5", false),
        ("pid {{int}}", "pid ", false),
        ("pid {{int}}", "pid x", false),
        ("pid {{int}}", "pid 12 ", true),
        ("t={{num}}", "t=12", true),
        ("t={{num}}", "t=-0.25", true),
        ("t={{num}}", "t=1.5e-06", true),
        ("t={{num}}", "t=2E+10", true),
        ("t={{num}}", "t=3e5", true),
        ("t={{num}}", "t=1.", false),
        ("t={{num}}", "t=.5", false),
        ("t={{num}}", "t=one", false),
        ("at {{hex}}", "at 0x7f3a2c", true),
        ("at {{hex}}", "at ff", true),
        ("at {{hex}}", "at DEADbeef", true),
        ("at {{hex}}", "at 0x", false),
        ("at {{hex}}", "at 0xg1", false),
        ("at {{hex}}", "at xyz", false),
        ("name {{word}}", "name Process-1", true),
        ("name {{word}}", "name a_b.c!", true),
        ("name {{word}}", "name two words", false),
        ("name {{word}}", "name ", false),
        ("x{{any}}", "x", true),
        ("x{{any}}", "x and anything: {at} all", true),
        ("{{any}} done", "all done", true),
        ("{{any}} done", "all done!", false),
    ])
    func holeTypesMatchWhatTheSpecSays(pattern: String, line: String, matches: Bool) throws {
        #expect(try lineMatches(pattern, line) == matches)
    }

    @Test func literalTextMustMatchExactly() throws {
        #expect(try lineMatches("hello world", "hello world"))
        #expect(try !lineMatches("hello world", "Hello world"))
        #expect(try !lineMatches("hello world", "hello  world"))
        #expect(try !lineMatches("hello world", " hello world"))
        #expect(try !lineMatches("hello world", "hello worl"))
        #expect(try !lineMatches("hello world", "hello world!"))
        #expect(try lineMatches("", ""))
        #expect(try !lineMatches("", "x"))
    }

    // MARK: Trailing blanks

    @Test(arguments: [
        ("hello", "hello   "),
        ("hello", "hello\t"),
        ("hello", "hello \r"),
        ("hello   ", "hello"),
        ("hello \t", "hello  "),
        ("n = {{int}}  ", "n = 4 "),
        ("n = {{int}}", "n = 4\t \t"),
    ])
    func trailingBlanksAreIgnoredOnBothSides(pattern: String, line: String) throws {
        #expect(try lineMatches(pattern, line))
    }

    @Test(arguments: [
        ("value: {{any}}", "value: "),
        ("value: {{any}}", "value:"),
        ("a  {{/ */}}", "a"),
        (#"end{{" "}}"#, "end"),
        ("{{word}} {{any}}", "alone"),
    ])
    func aHoleThatMatchesNothingMayStandAfterTrailingSpaces(pattern: String, line: String) throws {
        #expect(try lineMatches(pattern, line))
    }

    @Test func anEmptyCaptureAfterTrailingSpacesBindsNothing() throws {
        #expect(try boundCaptures("value: {{V:any}}", "value: ") == ["V": ""])
        #expect(try boundCaptures("{{A:word}} {{B:/ */}}", "x") == ["A": "x", "B": ""])
        #expect(try !lineMatches("value: {{int}}", "value: "))
        #expect(try !lineMatches("value:{{any}}x", "value:"))
    }

    @Test func leadingAndInnerSpacesCount() throws {
        #expect(try !lineMatches("  indented", "indented"))
        #expect(try lineMatches("  indented", "  indented"))
        #expect(try !lineMatches("a {{int}} b", "a 1  b"))
    }

    // MARK: Captures and back-references

    @Test func capturesBindWhatTheirHoleMatched() throws {
        let bound = try #require(try boundCaptures("child {{C:int}} of {{P:int}} named {{N:word}}", "child 4122 of 4121 named Process-1"))
        #expect(bound == ["C": "4122", "P": "4121", "N": "Process-1"])
    }

    @Test func everyHoleTypeCanBind() throws {
        let bound = try #require(try boundCaptures(
            "{{A:int}} {{B:num}} {{C:hex}} {{D:word}} {{E:/[a-z]+/}} {{F:any}}",
            "-3 1.5e-06 0xff w0rd abc the rest of it"))
        #expect(bound == ["A": "-3", "B": "1.5e-06", "C": "0xff", "D": "w0rd", "E": "abc", "F": "the rest of it"])
    }

    @Test func anEmptyAnyCaptureBindsTheEmptyString() throws {
        let bound = try #require(try boundCaptures("x{{A:any}}", "x"))
        #expect(bound == ["A": ""])
    }

    @Test func backReferencesMatchTheBoundTextExactly() throws {
        var captures = Captures()
        captures.bind("P", to: "41207")
        captures.bind("C", to: "41208")
        #expect(try lineMatches("parent {{P}} made {{C}}", "parent 41207 made 41208", captures: captures))
        #expect(try !lineMatches("parent {{P}} made {{C}}", "parent 41207 made 41209", captures: captures))
        #expect(try !lineMatches("parent {{P}} made {{C}}", "parent 4120 made 41208", captures: captures))
        #expect(try !lineMatches("my parent is {{P}}", "my parent is 412070", captures: captures))
    }

    @Test func backReferencesAreLiteralEvenWhenTheValueLooksLikeARegex() throws {
        var captures = Captures()
        captures.bind("X", to: "a.b*")
        #expect(try lineMatches("[{{X}}] {{int}}", "[a.b*] 3", captures: captures))
        #expect(try !lineMatches("[{{X}}] {{int}}", "[axbbb] 3", captures: captures))
    }

    @Test func anUnboundReferenceMatchesNothing() throws {
        #expect(try !lineMatches("pid {{P}}", "pid {{P}}"))
        #expect(try !lineMatches("pid {{P}}", "pid "))
    }

    @Test func capturesKeepTheirBindingOrder() {
        var captures = Captures()
        captures.bind("P", to: "1")
        captures.bind("C", to: "2")
        captures.bind("A", to: "3")
        #expect(captures.pairs.map(\.name) == ["P", "C", "A"])
        #expect(captures.description == "P = 1, C = 2, A = 3")
        #expect(captures["C"] == "2")
        #expect(captures["Z"] == nil)
        #expect(!captures.isEmpty)
        #expect(Captures().isEmpty)
    }

    // MARK: Text beyond ASCII

    @Test func chineseTextMatchesLiterallyAndInHoles() throws {
        #expect(try lineMatches("进程 {{int}} 已完成", "进程 42 已完成"))
        #expect(try !lineMatches("进程 {{int}} 已完成", "进程 42 未完成"))
        #expect(try lineMatches("名字：{{word}}", "名字：张三"))
        let bound = try #require(try boundCaptures("你好，{{N:word}}！", "你好，世界！"))
        #expect(bound == ["N": "世界"])
        var captures = Captures()
        captures.bind("N", to: "世界")
        #expect(try lineMatches("再见，{{N}}", "再见，世界", captures: captures))
        #expect(try !lineMatches("再见，{{N}}", "再见，世间", captures: captures))
    }

    @Test func accentsAndEmojiAreSingleScalarsToARegexDot() throws {
        #expect(try lineMatches("caf{{/./}}", "café"))
        #expect(try lineMatches("{{/.../}}", "日本語"))
        #expect(try lineMatches("done {{/./}}", "done 🎉"))
    }

    // MARK: Errors

    @Test(arguments: [
        ("pid {{int", "never closed"),
        ("pid {{/a+}}", "never closed with '/}}'"),
        (#"say {{"hi}}"#, #"never closed with '"}}'"#),
        ("{{}}", "empty hole"),
        ("{{ }}", "empty hole"),
        ("{{N:float}}", "unknown hole type 'float'"),
        ("{{N:}}", "unknown hole type ''"),
        ("{{int:int}}", "'int' is a hole type and cannot name a capture"),
        ("{{1st:int}}", "'1st' is neither a hole type nor a capture name"),
        ("{{my-pid}}", "'my-pid' is neither a hole type nor a capture name"),
        ("{{名字:int}}", "is neither a hole type nor a capture name"),
        ("{{N:/a(/}}", "in regex /a(/"),
        ("{{/a(/}}", "'(' is never closed"),
    ])
    func malformedHolesAreRefused(source: String, message: String) throws {
        let error = try #require(linePatternError(source))
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.location == SourceLocation(file: patternFile, line: 1))
    }

    @Test func anUnclosedHoleSaysWhereItOpens() throws {
        let error = try #require(linePatternError("abc {{int"))
        #expect(error.message == "'{{' at column 5 is never closed with '}}'")
        #expect(error.hint?.contains(#"{{"{{"}}"#) == true)
    }

    @Test func patternErrorsPrintTheirLocation() throws {
        let error = try #require(linePatternError("{{N:float}}"))
        #expect(error.description.hasPrefix("\(patternFile):1: unknown hole type 'float'"))
        #expect(error.description.contains("hint: "))
    }
}
