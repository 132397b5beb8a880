import Foundation
import MPTutorCore

/// Opens a file in `$VISUAL`/`$EDITOR` (default `vi`) on the terminal and
/// waits for it.
enum ExternalEditor {
    static func open(_ path: String, console: Console) {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The editor command may carry its own arguments ("code -w").
        process.arguments = ["-c", "\(editor) \"$1\"", "mptutor-editor", path]
        do {
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                console.line(StyledText("the editor (\(editor)) exited with status \(process.terminationStatus)", .error))
            }
        } catch {
            console.line(StyledText("cannot start the editor '\(editor)': \(error). Set EDITOR, or use write.", .error))
        }
    }
}
