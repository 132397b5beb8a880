import MPTutorCore

/// Renders session events on the terminal: the tutorial's text styled,
/// a program's output as it arrives, made safe (a program's escape
/// sequences never reach the terminal) and stderr in red.
struct SessionRenderer: Sendable {
    let console: Console
    let throttle = OutputThrottle()

    func render(_ event: SessionEvent) {
        switch event {
        case .text(let text):
            console.line(text)
        case .programOutput(let stream, let text):
            ProgramOutputWriter.write(text, stream: stream, console: console, throttle: throttle)
        case .runPhase(let started):
            if !started, let note = throttle.finishRun() { console.line(StyledText(note, .dim)) }
        }
    }
}

/// Writes a running program's output: escape sequences neutralised,
/// stderr in red on a colour terminal, and a flood cut short on screen.
enum ProgramOutputWriter {
    static func write(_ text: String, stream: MPTutorCore.OutputStream, console: Console, throttle: OutputThrottle) {
        func put(_ piece: String) {
            let visible = Sanitizer.visibleKeepingNewlines(piece)
            if stream == .stderr && console.colors {
                console.write("\u{1B}[31m" + visible + "\u{1B}[0m")
            } else {
                console.write(visible)
            }
        }
        switch throttle.admit(text) {
        case .show(let piece):
            put(piece)
        case .showThenSkip(let piece, let notice):
            put(piece)
            if !piece.hasSuffix("\n") { console.write("\n") }
            console.line(StyledText(notice, .dim))
        case .skip:
            break
        }
    }
}
