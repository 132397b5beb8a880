import Foundation
import MPTutorCore

// Matcher benchmark: 100,000 output lines against 1,000 expectations with
// placeholders and captures, including a 100-line any-order group.
// Prints the median of several runs for two shapes of pattern: one whose
// lines start with literal text (the common case) and one that starts with
// a hole (no literal prefix to reject lines early).
//
// Options (bench/run uses them): --lines N (default 100000) scales the
// output with the same 1,000 expectations, so that the matcher's memory can
// be seen to grow linearly with the output; --runs N (default 5).
// The last line, `RESULT key=value ...`, is for bench/harness.py.

func makeOutput(lines count: Int, groupSize: Int) -> [String] {
    // One checkpoint line every `spacing` lines: 908 of them whatever the
    // size (at 100,000 lines, one every 110, as this benchmark always had).
    let spacing = max(2, 110 * count / 100_000)
    var lines = ["parent 4242"]
    for k in 0..<(count - groupSize - 1) {
        if k % spacing == spacing - 1 {
            lines.append("checkpoint \(k / spacing) pid \(10_000 + k / spacing) parent 4242")
        } else {
            lines.append("noise line \(k) value \(k &* 7)")
        }
    }
    var group = (0..<groupSize).map { "worker \($0) done in \(Double($0) / 10) s" }
    var generator = SystemRandomNumberGenerator()
    group.shuffle(using: &generator)
    return lines + group
}

func makeBlock(checkpoints: Int, groupSize: Int, holeFirst: Bool) throws -> ExpectBlock {
    var text = ["parent {{PARENT:int}}"]
    for i in 0..<checkpoints {
        text.append("@skip")
        text.append(holeFirst
            ? "{{word}} {{int}} pid {{C\(i):int}} parent {{PARENT}}"
            : "checkpoint {{int}} pid {{C\(i):int}} parent {{PARENT}}")
    }
    text.append("@skip")
    text.append("@any-order")
    for j in 0..<groupSize {
        text.append(j % 2 == 0 ? "worker \(j) done in {{num}} s" : "worker {{int}} done in {{num}} s")
    }
    text.append("@end")
    return try ExpectBlockParser.parse(text, stream: .stdout, fence: SourceLocation(file: "bench", line: 0))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// A field of /proc/self/status in MiB (VmRSS, VmHWM), or -1 off Linux.
func procStatusMiB(_ field: String) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
        return (Double(String(digits)) ?? -1) / 1024
    }
    return -1
}

/// Resets VmHWM to the current RSS (Linux: "5" to /proc/self/clear_refs),
/// so that the next VmHWM is the peak of what runs after this.
func resetPeakRSS() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do { try handle.write(contentsOf: Data("5".utf8)) } catch { return false }
    return true
}

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
          let parsed = Int(arguments[index + 1].replacingOccurrences(of: "_", with: "")), parsed > 0 else { return value }
    return parsed
}

let lineCount = max(1_000, option("--lines", default: 100_000))
let runs = option("--runs", default: 5)
let groupSize = 100
let checkpoints = 899  // + 1 parent line + 100 group lines = 1,000 expectations
let output = makeOutput(lines: lineCount, groupSize: groupSize)
let result = RunResult(
    termination: .exited(0), duration: 0,
    lines: output.map { OutputLine(stream: .stdout, text: $0, time: 0) },
    timedOut: false, interrupted: false, droppedBytes: 0)

print("matcher: \(output.count) output lines, \(checkpoints + 1 + groupSize) expectations (\(groupSize)-line any-order group, \(checkpoints + 1) captures)")
print("shape                 median ms   runs  passed")
let inputMiB = procStatusMiB("VmRSS")
let canResetPeak = resetPeakRSS()
var medians: [Double] = []
var allPassed = true
for holeFirst in [false, true] {
    let block = try makeBlock(checkpoints: checkpoints, groupSize: groupSize, holeFirst: holeFirst)
    let expectation = OutputExpectation(blocks: [block])
    var times: [Double] = []
    var passed = true
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let verdict = expectation.check(result)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        passed = passed && verdict.passed
    }
    let name = holeFirst ? "hole first" : "literal prefix"
    print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
          + String(format: "%9.1f   %4d  %@", median(times), times.count, passed ? "yes" : "NO"))
    medians.append(median(times))
    allPassed = allPassed && passed
}
// The matcher's own working memory: the peak while matching, above the RSS
// the input (the output lines) already took.
let matchPeakMiB = canResetPeak ? procStatusMiB("VmHWM") - inputMiB : -1
print(String(format: "peak RSS: %.1f MiB (input built: %.1f MiB; matching added at most %.1f MiB)",
             peakRSSMiB(), inputMiB, matchPeakMiB))
print(String(format: "RESULT lines=%d expectations=%d literal_ms=%.2f hole_ms=%.2f peak_rss_mib=%.2f input_rss_mib=%.2f match_peak_mib=%.2f passed=%@",
             output.count, checkpoints + 1 + groupSize, medians[0], medians[1], peakRSSMiB(), inputMiB, matchPeakMiB,
             allPassed ? "yes" : "no"))
