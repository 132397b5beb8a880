import Foundation
import Testing

@testable import MPTutorCore

/// Python code defining `me()`, which names the calling process as
/// `pid:starttime` (the start time from `/proc/self/stat`, so a later
/// process that reuses the pid is not mistaken for it). Test programs
/// print `proc <me()>` for every process they create.
let identityHelper = """
    import os as _os

    def me():
        with open("/proc/self/stat") as f:
            return "%d:%s" % (_os.getpid(), f.read().rsplit(")", 1)[1].split()[19])

    """

/// One process, named by pid and start time.
struct ProcessIdentity: Hashable, CustomStringConvertible {
    var pid: Int32
    var start: String

    var description: String { "\(pid):\(start)" }

    /// Its `/proc` state letter, or nil when the process is gone for good
    /// (no entry, or the pid now belongs to a later process).
    var state: Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, fields[19] == start else { return nil }
        return fields[0].first
    }
}

/// Every `proc <pid>:<start>` printed on standard output.
func printedProcesses(_ result: RunResult) -> Set<ProcessIdentity> {
    var found: Set<ProcessIdentity> = []
    for line in result.lines(of: .stdout) where line.hasPrefix("proc ") {
        let parts = line.dropFirst(5).split(separator: ":")
        if parts.count == 2, let pid = Int32(parts[0]) {
            found.insert(ProcessIdentity(pid: pid, start: String(parts[1])))
        }
    }
    return found
}

/// Live processes (not zombies) whose environment carries
/// `MPTUTOR_TEST_TOKEN=<token>`: processes of that run that never printed
/// (a fork bomb's last children) are found this way.
func liveProcesses(withToken token: String) -> [Int32] {
    let entry = Array("MPTUTOR_TEST_TOKEN=\(token)".utf8)
    var found: [Int32] = []
    let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for name in names {
        guard let pid = Int32(name),
            let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
        else { continue }
        let entries = data.split(separator: 0)
        if entries.contains(where: { Array($0) == entry }) { found.append(pid) }
    }
    return found
}

/// Asserts that nothing of a run is left, checking `/proc` (not the
/// runner's bookkeeping): every printed process is gone, and a zombie
/// among them is reaped within `timeout`; no live process carries the
/// run's token.
func expectNothingLeft(
    _ result: RunResult, token: String, timeout: Double = 1.0, sourceLocation: Testing.SourceLocation = #_sourceLocation
) {
    let printed = printedProcesses(result)
    let deadline = Date().addingTimeInterval(timeout)
    var survivors: [ProcessIdentity] = []
    var tokened: [Int32] = []
    repeat {
        survivors = printed.filter { $0.state != nil }.sorted { $0.pid < $1.pid }
        tokened = liveProcesses(withToken: token)
        if survivors.isEmpty && tokened.isEmpty { return }
        usleep(10_000)
    } while Date() < deadline
    let states = survivors.map { "\($0) (\($0.state.map(String.init) ?? "gone"))" }
    #expect(survivors.isEmpty, "processes of the run remain: \(states)", sourceLocation: sourceLocation)
    #expect(tokened.isEmpty, "live processes with the run's token: \(tokened)", sourceLocation: sourceLocation)
}

/// Runs `source` (after `identityHelper`) with a fresh token in its
/// environment.
/// - Returns: the result and the token.
func runHostile(
    _ source: String, options: RunOptions = .init(), control: RunControl? = nil,
    onEvent: (@Sendable (RunEvent) -> Void)? = nil
) throws -> (result: RunResult, token: String) {
    let token = UUID().uuidString
    var options = options
    options.environment["MPTUTOR_TEST_TOKEN"] = token
    let result = try makeRunner().run(
        Program(source: identityHelper + source), options: options, control: control, onEvent: onEvent)
    return (result, token)
}

/// The number of lines `identityHelper` adds before a program.
let identityHelperLines = identityHelper.split(separator: "\n", omittingEmptySubsequences: false).count - 1
