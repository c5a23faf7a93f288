#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import MailCore
import MailNet
import MailREPL

/// A REPL inside the practice lab: the lab starts in this process, the REPL connects to one of its services, and
/// `.connect`, `.tour` and `.compare` move around in it. What `mailrepl` with no server, `mailrepl lab` and
/// `mailrepl tour` run.
struct LabSession {
    var service: LabService = .smtp
    var tour: String?
    var color: ColorChoice = .auto
    var explanationLevel: ExplanationLevel?
    var timeout: Double = 30
    var fold: FoldLimit = .standard

    func run() throws {
        let colors = color.isEnabled(outputIsTerminal: isatty(STDOUT_FILENO) == 1)
        let palette = Palette(isEnabled: colors)
        let output = ConsoleOutput()
        let lab: PracticeLab
        do {
            lab = try PracticeLab()
        } catch {
            output.write([palette.paint("! " + UserMessage.describe(error), .warning)])
            output.flush()
            throw ExitCode(ExitStatus.connectionFailed.rawValue)
        }
        defer { lab.stop() }
        guard let target = lab.target(for: service) else {
            throw ValidationError("the lab runs no \(service.rawValue) service")
        }
        var options = Session.Options()
        options.responseTimeout = .milliseconds(Int64(timeout * 1000))
        options.caFile = lab.certificateAuthority?.authorityFile
        let interactive = isatty(STDIN_FILENO) == 1
        let configuration = REPLController.Configuration(
            target: target, sessionOptions: options, requireStartTLS: false, colors: colors,
            interactive: interactive, explanationLevel: explanationLevel)
        let controller = REPLController(configuration: configuration, output: output)
        controller.foldLimit = fold
        controller.enterLab(LabREPLState(lab: lab), tour: tour)
        output.write(LabSession.banner.map { palette.paint($0, .own) })
        let status: ExitStatus
        if interactive {
            status = InteractiveLoop(controller: controller, historyFile: HistoryLocation.file(for: .smtp)).run()
        } else {
            status = ScriptRunner(controller: controller).run()
        }
        output.flush()
        if status != .success {
            throw ExitCode(status.rawValue)
        }
    }

    static let banner = [
        "* practice lab: a mail system inside mailrepl, on 127.0.0.1 only. Accounts: alice@lab.test (password",
        "  wonderland) and bob@lab.test (password builder); it takes mail for lab.test and relays nothing else.",
        "* .connect imap (or smtp, submission, smtps, imaps, pop3, pop3s) switches server; .tour guides you through",
        "  sending, reading and downloading; .compare shows SMTP, IMAP and POP3 side by side; .help lists the rest.",
    ]
}
