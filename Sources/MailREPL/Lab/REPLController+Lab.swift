import MailCore
import MailNet

/// `.connect`, `.tour` and `.compare`: the REPL side of the practice lab.
extension REPLController {
    func runLab(_ command: LabMetaCommand) {
        switch command {
        case .connect(let destination): connect(to: destination)
        case .tour(let argument): tour(argument)
        case .compare(let task): compare(task)
        }
    }

    /// Puts this REPL in the lab: the tour watches every session from now on. A tour named here starts when the
    /// first session greets.
    public func enterLab(_ state: LabREPLState, tour name: String? = nil) {
        lab = state
        if let name, let tour = LabTour.named(name) {
            state.tour = TourProgress(tour: tour)
            state.tourAwaitsGreeting = true
        }
        watchForTour()
    }

    /// `.connect smtp|imap|pop3|…|URL`: closes this session (QUIT or LOGOUT) and opens the new one.
    func connect(to destination: String) {
        var options = configuration.sessionOptions
        let target: MailTarget
        if let lab, let service = LabService(name: destination) {
            guard let found = lab.lab.target(for: service) else {
                output.write([palette.paint("! the lab runs no \(service.rawValue) service (TLS is off)", .warning)])
                fail(.scriptError)
                return
            }
            target = found
            options.caFile = lab.lab.certificateAuthority?.authorityFile
        } else {
            do {
                target = try MailTargetParser.parse(destination)
            } catch {
                let services = LabService.allCases.map(\.rawValue).joined(separator: ", ")
                output.write([palette.paint("! \(UserMessage.describe(error))"
                    + (lab == nil ? "" : "; in the lab: \(services)"), .warning)])
                fail(.scriptError)
                return
            }
            if let lab, lab.service(of: target) != nil {
                options.caFile = lab.lab.certificateAuthority?.authorityFile
            } else if let lab {
                options.caFile = lab.outsideCAFile
            }
        }
        replaceSession(target: target, options: options)
        watchForTour()
        connect()
    }

    /// Hands every finished exchange of the current session to the tour.
    private func watchForTour() {
        guard let state = lab else { return }
        let collector = TourObservationCollector(mailProtocol: session.target.mailProtocol)
        session.addObserver { [unowned self] event in
            guard let observation = collector.collect(event), let progress = state.tour else { return }
            if state.tourAwaitsGreeting {
                guard observation.isGreeting else { return }
                state.tourAwaitsGreeting = false
                tell(progress.start())
                return
            }
            tell(progress.observe(observation))
            if progress.isFinished {
                state.tour = nil
            }
        }
    }

    private func tell(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        output.write(lines.map { palette.paint("» " + $0, .own) })
    }

    /// `.tour [NAME|next|stop|list]`.
    func tour(_ argument: String?) {
        guard let state = lab else {
            output.write([palette.paint("! tours run in the practice lab: start `mailrepl tour` (or `mailrepl`)",
                                        .warning)])
            fail(.scriptError)
            return
        }
        switch argument?.lowercased() {
        case "stop":
            state.tour = nil
            tell(["tour stopped"])
        case "next":
            guard let progress = state.tour else { return tell(["no tour in progress: .tour starts one"]) }
            tell(progress.skip())
        case "list":
            tell(LabTour.all.map { $0.name.padding(to: 10) + $0.title })
        case nil where state.tour != nil:
            tell(state.tour?.instruction() ?? [])
        default:
            let name = argument ?? LabTour.story.name
            guard let tour = LabTour.named(name) else {
                output.write([palette.paint("! no tour named \(TerminalSafeText.escape(name)); "
                    + "tours: " + LabTour.all.map(\.name).joined(separator: ", "), .warning)])
                fail(.scriptError)
                return
            }
            let progress = TourProgress(tour: tour)
            state.tour = progress
            // Every tour starts from a fresh connection to its service, as its introduction says.
            state.tourAwaitsGreeting = true
            connect(to: tour.startService.rawValue)
        }
    }

    /// `.compare [TASK]`: all tasks in brief, or one with its notes.
    func compare(_ argument: String?) {
        guard let argument else {
            output.write(ComparisonText.overview().map { palette.paint($0, .own) })
            return
        }
        guard let task = ProtocolComparison.Task(word: argument) else {
            output.write([palette.paint("! no such task; tasks: "
                + ProtocolComparison.Task.allCases.map(\.rawValue).joined(separator: ", "), .warning)])
            fail(.scriptError)
            return
        }
        output.write(ComparisonText.detail(task).map { palette.paint($0, .own) })
    }
}
