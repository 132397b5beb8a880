import Testing

@testable import MPTutorCore

/// `{{/REGEX/}}` holes: the supported subset, its errors, and the automaton
/// that matches it in linear time.
@Suite struct RegexTests {
    /// Whether the regex hole matches the whole of `line`.
    private func regex(_ source: String, matches line: String) throws -> Bool {
        try lineMatches("{{/\(source)/}}", line)
    }

    /// Why `source` is refused by the regex parser.
    private func regexError(_ source: String) -> RegexParser.Failure? {
        do {
            _ = try RegexParser.parse(source)
            return nil
        } catch {
            return error
        }
    }

    // MARK: The subset

    @Test(arguments: [
        // Literals and dot.
        ("abc", "abc", true),
        ("abc", "abd", false),
        ("a.c", "a-c", true),
        ("a.c", "ac", false),
        // Classes, ranges and negation.
        ("[a-z0-9_]+", "worker_12", true),
        ("[a-z0-9_]+", "Worker_12", false),
        ("[^ ]+", "no-spaces", true),
        ("[^ ]+", "a space", false),
        ("[]a]+", "]a]", true),
        ("[a-]+", "a-a", true),
        ("[.]", ".", true),
        ("[.]", "x", false),
        (#"[\d.]+"#, "3.14", true),
        (#"[\w\s]+"#, "two words", true),
        (#"[\]\\]+"#, #"]\]"#, true),
        // Escapes.
        (#"\d+"#, "2024", true),
        (#"\d+"#, "20a4", false),
        (#"\D+"#, "abc", true),
        (#"\D+"#, "ab1", false),
        (#"\w+"#, "snake_case9", true),
        (#"\w+"#, "kebab-case", false),
        (#"\W"#, "-", true),
        (#"a\sb"#, "a\tb", true),
        (#"a\sb"#, "a b", true),
        (#"a\sb"#, "a_b", false),
        (#"\S+"#, "x!", true),
        (#"\S+"#, "x y", false),
        (#"3\.14"#, "3.14", true),
        (#"3\.14"#, "3x14", false),
        (#"a\\b"#, #"a\b"#, true),
        (#"a\/b"#, "a/b", true),
        (#"\(\d\)"#, "(7)", true),
        (#"\{\}"#, "{}", true),
        // Groups and alternation.
        ("(cat|dog)s?", "cats", true),
        ("(cat|dog)s?", "dog", true),
        ("(cat|dog)s?", "cow", false),
        ("a|b|c", "b", true),
        ("a|b|c", "ab", false),
        ("(?:ab)+", "ababab", true),
        ("(?:ab)+", "ababa", false),
        ("x(|y)z", "xz", true),
        ("x(|y)z", "xyz", true),
        // Repeats.
        ("ab*c", "ac", true),
        ("ab*c", "abbbc", true),
        ("ab+c", "ac", false),
        ("ab+c", "abbc", true),
        ("colou?r", "color", true),
        ("colou?r", "colour", true),
        ("colou?r", "colouur", false),
        ("a{3}", "aaa", true),
        ("a{3}", "aa", false),
        ("a{3}", "aaaa", false),
        ("a{2,}", "aa", true),
        ("a{2,}", "aaaaaaa", true),
        ("a{2,}", "a", false),
        ("a{2,3}", "aa", true),
        ("a{2,3}", "aaa", true),
        ("a{2,3}", "aaaa", false),
        ("(ab){0,2}c", "c", true),
        ("(ab){0,2}c", "ababc", true),
        ("(ab){0,2}c", "abababc", false),
        ("a{0}b", "b", true),
        ("a{,3}", "a{,3}", true),
        ("a{x}", "a{x}", true),
        ("a{2", "a{2", true),
        // Lazy repeats match the same lines as greedy ones.
        ("a+?", "aaa", true),
        ("a*?b", "b", true),
        ("a??b", "ab", true),
        ("a{2,3}?", "aaa", true),
        ("a{2,3}?", "aaaa", false),
        // Non-ASCII.
        ("[一-龥]+", "进程", true),
        ("[一-龥]+", "进程1", false),
        ("(你|您)好", "您好", true),
    ])
    func supportsTheDocumentedSubset(source: String, line: String, matches: Bool) throws {
        #expect(try regex(source, matches: line) == matches, "/\(source)/ against '\(line)'")
    }

    @Test func aRegexHoleMustCoverItsPartOfTheLineOnly() throws {
        #expect(try lineMatches(#"took {{/\d+(\.\d+)?/}} s"#, "took 0.25 s"))
        #expect(try !lineMatches(#"took {{/\d+(\.\d+)?/}} s"#, "took 0.25s"))
        #expect(try !lineMatches(#"{{/\d+/}}"#, "12a"))
        #expect(try !lineMatches(#"{{/\d+/}}"#, "a12"))
    }

    @Test func greedyAndLazyRepeatsBindDifferentCaptures() throws {
        #expect(try boundCaptures("{{A:/a+/}}{{B:/a*/}}", "aaa") == ["A": "aaa", "B": ""])
        #expect(try boundCaptures("{{A:/a+?/}}{{B:/a*/}}", "aaa") == ["A": "a", "B": "aa"])
        #expect(try boundCaptures("{{A:/a{1,3}/}}{{B:/a*/}}", "aaaa") == ["A": "aaa", "B": "a"])
        #expect(try boundCaptures("{{A:/a{1,3}?/}}{{B:/a*/}}", "aaaa") == ["A": "a", "B": "aaa"])
        #expect(try boundCaptures("{{A:/.*/}}={{B:/.*/}}", "x=y=z") == ["A": "x=y", "B": "z"])
        #expect(try boundCaptures("{{A:/.*?/}}={{B:/.*/}}", "x=y=z") == ["A": "x", "B": "y=z"])
    }

    @Test func alternationPrefersItsFirstBranchForCaptures() throws {
        #expect(try boundCaptures("{{A:/a|ab/}}{{B:any}}", "abc") == ["A": "a", "B": "bc"])
        #expect(try boundCaptures("{{A:/ab|a/}}{{B:any}}", "abc") == ["A": "ab", "B": "c"])
    }

    // MARK: Errors

    @Test(arguments: [
        (#"(a)\1"#, "back-references are not supported", 3),
        (#"\2"#, "back-references are not supported", 0),
        ("(?=a)b", "look-arounds", 0),
        ("x(?!a)", "look-arounds", 1),
        ("(?<=a)b", "look-arounds", 0),
        ("(?<n>a)", "look-arounds", 0),
        ("(ab", "'(' is never closed", 0),
        ("a(b(c)", "'(' is never closed", 1),
        ("[ab", "'[' is never closed", 0),
        ("[^", "'[' is never closed", 0),
        ("ab)", "unbalanced ')'", 2),
        ("*a", "nothing before it to repeat", 0),
        ("a|+", "nothing before it to repeat", 2),
        ("a{3,2}", "maximum below its minimum", 1),
        ("a{1001}", "above 1000", 1),
        ("^a", "anchors are not needed", 0),
        ("a$", "anchors are not needed", 1),
        (#"\bword"#, #"'\b' is not supported"#, 0),
        (#"\q"#, #"unknown escape '\q'"#, 0),
        (#"a\"#, #"a '\' ends the regex"#, 1),
        ("[z-a]", "range out of order", 1),
        (#"[\D]"#, "negated escapes", 1),
        ("(a{1000}){1000}", "too large", 0),
    ])
    func refusesWhatItCannotMatchInLinearTime(source: String, message: String, offset: Int) throws {
        let error = try #require(regexError(source), "/\(source)/ was accepted")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.offset == offset, "/\(source)/: \(error.message)")
    }

    @Test(arguments: [
        (#"{{/(a)\1/}}"#, "back-references are not supported inside a regex"),
        ("{{/(?=a)a/}}", "look-arounds and other (?…) groups are not supported"),
        ("{{N:/(?<!x)y/}}", "look-arounds"),
        ("{{/(a/}}", "'(' is never closed"),
        ("{{/[a-/}}", "'[' is never closed"),
    ])
    func regexErrorsSurfaceAsPatternErrors(source: String, message: String) throws {
        let error = try #require(linePatternError(source))
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.message.hasPrefix("in regex /"))
    }

    // MARK: Linear time

    @Test func nestedRepeatsDoNotBlowUp() throws {
        let line = String(repeating: "a", count: 5_000)
        #expect(try !regex("(a+)+b", matches: line))
        #expect(try regex("(a+)+b", matches: line + "b"))
        #expect(try !regex("(a|a)*c", matches: line))
        #expect(try !regex("(a*)*b", matches: line))
        #expect(try !regex("(a|aa)+x", matches: line))
        #expect(try !regex("(.*)*(.*)*y", matches: line))
    }

    @Test func nestedRepeatsReportHowFarTheyGot() throws {
        let line = String(repeating: "a", count: 5_000)
        let result = try matchLine("{{/(a+)+b/}}", line)
        #expect(!result.matched)
        #expect(result.furthest == 5_000)
    }

    @Test func emptyLoopsTerminate() throws {
        #expect(try regex("(a*)*", matches: ""))
        #expect(try regex("(a?)*b", matches: "aab"))
        #expect(try regex("(|a)+", matches: "aaa"))
        #expect(try !regex("(a*)+c", matches: "aaab"))
    }

    @Test func largeCountedRepeatsStayUsable() throws {
        let line = String(repeating: "x", count: 1_000)
        #expect(try regex("x{1000}", matches: line))
        #expect(try !regex("x{1000}", matches: line + "x"))
        #expect(try regex("(x?){1000}", matches: line))
        #expect(try regex("(x?){1000}", matches: ""))
    }

    // MARK: Scalar sets

    @Test func scalarSetsContainTheirRanges() {
        let set = ScalarSet(ranges: [48...57, 97...97])
        #expect(set.contains(53))
        #expect(set.contains(97))
        #expect(!set.contains(98))
        #expect(set.inverted.contains(98))
        #expect(!set.inverted.contains(53))
        #expect(!ScalarSet.anyScalar.contains(10))
        #expect(ScalarSet.anyScalar.contains(0x4E00))
        #expect(ScalarSet.nonSpace.contains(0x4E00))
        #expect(!ScalarSet.nonSpace.contains(32))
    }
}
