import ArgumentParser
import MailCore
import MailREPL

/// `mailrepl tour [NAME]`: a guided tour in the practice lab.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour",
        abstract: "A guided tour in the practice lab: you type each command, mailrepl checks and explains.",
        discussion: """
            Tours: story (the default: send with SMTP, read with IMAP while the mail stays on the server and its \
            flags sync, download and delete with POP3), ports (25, 587, 465 and STARTTLS), starttls (why AUTH \
            appears only after STARTTLS). In the session, .tour next skips a step, .tour stop ends the tour.
            """
    )

    @Argument(help: ArgumentHelp("story, ports or starttls.", valueName: "name"))
    var name: String = LabTour.story.name

    @Option(help: ArgumentHelp("When to colour the output: auto, always, never.", valueName: "when"))
    var color: ColorChoice = .auto

    func validate() throws {
        guard LabTour.named(name) != nil else {
            throw ValidationError("no tour named \(name); tours: " + LabTour.all.map(\.name).joined(separator: ", "))
        }
    }

    func run() throws {
        let service = LabTour.named(name)?.startService ?? .smtp
        try LabSession(service: service, tour: name, color: color).run()
    }
}
