@testable import MailCore

/// A store for one test thread: no lock needed, a fixed clock.
final class SingleThreadLabStore: LabStore, @unchecked Sendable {
    var maildrop: LabMaildrop
    let now: Int64

    init(maildrop: LabMaildrop = LabMaildrop(uidValidityBase: 1000), now: Int64 = 1_700_000_000) {
        self.maildrop = maildrop
        self.now = now
    }

    func withMaildrop<Result>(_ body: (inout LabMaildrop) -> Result) -> Result {
        body(&maildrop)
    }

    func inbox(_ address: String) -> LabMailbox? {
        maildrop.mailbox("INBOX", of: address)
    }
}

/// Drives a machine with lines and returns what it wrote, as text.
struct LabDriver<Machine: LabServerMachine> {
    var machine: Machine

    /// Sends each line; returns everything written in answer, and the last response's `next`.
    @discardableResult
    mutating func send(_ lines: String...) -> String {
        var text = ""
        for line in lines {
            var response = machine.receive(ServerLine(line))
            text += response.text
            if let length = response.literalLength {
                _ = length
                response = LabResponse()
            }
        }
        return text
    }

    mutating func sendLiteral(_ text: String) -> String {
        machine.receiveLiteral(Array(text.utf8)).text
    }

    mutating func last(_ line: String) -> LabResponse {
        machine.receive(ServerLine(line))
    }
}

extension LabConnectionContext {
    static func lab(_ service: LabService, store: any LabStore, tls: Bool = true) -> LabConnectionContext {
        LabConnectionContext(service: service, clientAddress: "127.0.0.1", tlsAvailable: tls, store: store)
    }
}

/// A message as a client would send it, CRLF line ends.
func labMessage(from: String = "alice@lab.test", to: String = "bob@lab.test", subject: String = "Hello",
                body: String = "Hi Bob!") -> String {
    "From: Alice <\(from)>\r\nTo: \(to)\r\nSubject: \(subject)\r\nMessage-ID: <1@lab.test>\r\n\r\n\(body)\r\n"
}
