import ArgumentParser

extension MailRepl {
    /// The entry point: `--version` alone is answered at once, everything else goes to the argument parser.
    ///
    /// Before it parses anything, the parser reflects over every command and option of every subcommand (to offer
    /// shell completion); that costs as many instructions as loading the program, so `mailrepl --version`, which
    /// scripts run to check what is installed, took twice as long as it needs to. The answer is the parser's own.
    static func main() {
        let arguments = CommandLine.arguments
        if arguments.count == 2 && arguments[1] == "--version", let version = configuration.version.nonEmpty {
            print(version)
            return
        }
        main(nil)
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
