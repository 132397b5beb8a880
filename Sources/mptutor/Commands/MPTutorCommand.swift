import ArgumentParser

/// `mptutor`: the command line. Each subcommand is a thin layer over
/// MPTutorCore; nothing here knows how lessons are parsed or matched.
struct MPTutorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mptutor",
        abstract: "A terminal tutorial for Python multiprocessing, with live examples.",
        discussion: "Lessons are Markdown files (see Lessons/README.md). Every example runs live with a real python3.",
        subcommands: [
            ShellCommand.self, ListCommand.self, ShowCommand.self, RunCommand.self, VerifyCommand.self,
            ReplayCommand.self, LineEditorEchoCommand.self,
        ],
        defaultSubcommand: ShellCommand.self
    )
}
