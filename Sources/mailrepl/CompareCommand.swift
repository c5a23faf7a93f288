import ArgumentParser
import MailCore
import MailREPL

/// `mailrepl compare [TASK]`: SMTP, IMAP and POP3 side by side, as `.compare` shows them.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "The same task in SMTP, IMAP and POP3 side by side: commands, replies, and what has no equivalent.",
        discussion: "Tasks: " + ProtocolComparison.Task.allCases.map(\.rawValue).joined(separator: ", ") + "."
    )

    @Argument(help: ArgumentHelp("One task to show in detail; all tasks in brief without it.", valueName: "task"))
    var task: String?

    @Flag(help: "Print the whole comparison as Markdown (docs/protocol-comparison.md is made this way).")
    var markdown = false

    func validate() throws {
        if let task, ProtocolComparison.Task(word: task) == nil {
            throw ValidationError("no task \(task); tasks: "
                                  + ProtocolComparison.Task.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    func run() throws {
        if markdown {
            print(ProtocolComparison.markdown(), terminator: "")
            return
        }
        let lines = task.flatMap(ProtocolComparison.Task.init(word:)).map(ComparisonText.detail)
            ?? ComparisonText.overview()
        print(lines.joined(separator: "\n"))
    }
}
