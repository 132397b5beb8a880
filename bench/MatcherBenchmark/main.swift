import Foundation
import MPTutorCore

// Matcher benchmark: 100,000 output lines against 1,000 expectations with
// placeholders and captures, including a 100-line any-order group.
// Prints the median of several runs for two shapes of pattern: one whose
// lines start with literal text (the common case) and one that starts with
// a hole (no literal prefix to reject lines early).

func makeOutput(lines count: Int, groupSize: Int) -> [String] {
    var lines = ["parent 4242"]
    for k in 0..<(count - groupSize - 1) {
        if k % 110 == 109 {
            lines.append("checkpoint \(k / 110) pid \(10_000 + k / 110) parent 4242")
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

let lineCount = 100_000
let groupSize = 100
let checkpoints = 899  // + 1 parent line + 100 group lines = 1,000 expectations
let output = makeOutput(lines: lineCount, groupSize: groupSize)
let result = RunResult(
    termination: .exited(0), duration: 0,
    lines: output.map { OutputLine(stream: .stdout, text: $0, time: 0) },
    timedOut: false, interrupted: false, droppedBytes: 0)

print("matcher: \(output.count) output lines, \(checkpoints + 1 + groupSize) expectations (\(groupSize)-line any-order group, \(checkpoints + 1) captures)")
print("shape                 median ms   runs  passed")
for holeFirst in [false, true] {
    let block = try makeBlock(checkpoints: checkpoints, groupSize: groupSize, holeFirst: holeFirst)
    let expectation = OutputExpectation(blocks: [block])
    var times: [Double] = []
    var passed = true
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        let verdict = expectation.check(result)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        passed = passed && verdict.passed
    }
    let name = holeFirst ? "hole first" : "literal prefix"
    print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
          + String(format: "%9.1f   %4d  %@", median(times), times.count, passed ? "yes" : "NO"))
}
print(String(format: "peak RSS: %.1f MiB", peakRSSMiB()))
