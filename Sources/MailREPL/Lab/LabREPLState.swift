import MailCore
import MailNet

/// What a REPL running in the practice lab knows besides its session: the lab itself, the tour in progress, and
/// the options for connections that leave the lab.
public final class LabREPLState {
    public let lab: PracticeLab
    /// The user's own `--cafile` (nil: the system's trust store), for `.connect URL` outside the lab.
    public let outsideCAFile: String?
    var tour: TourProgress?
    /// The tour was asked for before the session greeted; its start waits for the greeting.
    var tourAwaitsGreeting = false

    public init(lab: PracticeLab, outsideCAFile: String? = nil) {
        self.lab = lab
        self.outsideCAFile = outsideCAFile
    }

    /// The service a target stands for, when it is one of this lab's.
    func service(of target: MailTarget) -> LabService? {
        guard target.host == PracticeLab.host else { return nil }
        return lab.ports.first { $0.value == target.port }?.key
    }

    /// The lines `mailrepl lab` and `.connect` print to list the services.
    public var serviceLines: [String] {
        lab.urls.map { service, url in
            url.padding(to: 30) + " " + service.rawValue.padding(to: 11) + service.role
        }
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
