/// Names a process of a run from its command line, for the process tree.
enum ProcessDescription {
    /// The longest description kept.
    static let maximumLength = 60

    /// - `forkserver`, `resource_tracker`, `spawned child`: the
    ///   interpreters multiprocessing starts with `python3 -c "from
    ///   multiprocessing.… import …"`;
    /// - `forked child`: the same command line as its parent (a fork does
    ///   not change it);
    /// - otherwise the command line itself, with the program's name first
    ///   and paths inside the run's directory made relative:
    ///   `python3 main.py`, `sleep 60`.
    /// - Parameters:
    ///   - arguments: `/proc/<pid>/cmdline`, split (not empty).
    ///   - parentArguments: the parent's, when the parent is known.
    ///   - workDirectory: the run's directory.
    static func describe(arguments: [String], parentArguments: [String]?, workDirectory: String) -> String {
        if let index = arguments.firstIndex(of: "-c"), index + 1 < arguments.count {
            let code = arguments[index + 1]
            let known = [
                ("multiprocessing.spawn", "spawned child"),
                ("multiprocessing.forkserver", "forkserver"),
                ("multiprocessing.resource_tracker", "resource_tracker"),
                ("multiprocessing.semaphore_tracker", "semaphore_tracker"),
            ]
            for (module, name) in known where code.contains("from " + module + " import") {
                return name
            }
        }
        if let parentArguments, parentArguments == arguments { return "forked child" }
        let prefix = workDirectory.hasSuffix("/") ? workDirectory : workDirectory + "/"
        var words: [String] = []
        for (index, argument) in arguments.enumerated() {
            if index == 0 {
                words.append(argument.split(separator: "/").last.map(String.init) ?? argument)
            } else if argument.hasPrefix(prefix) {
                words.append(String(argument.dropFirst(prefix.count)))
            } else {
                words.append(argument)
            }
        }
        let text = words.joined(separator: " ")
        return text.count > maximumLength ? String(text.prefix(maximumLength - 1)) + "…" : text
    }
}
