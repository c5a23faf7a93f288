import MailCore
import MailNet

/// Says under a server line what it means, once and in context: the reply in the light of the command it answers
/// (250 after RCPT is not 250 after the final "."), the enhanced and bracketed codes it carries, what to try after
/// a failure people often hit, each capability the first time the server lists it, and the text a SASL challenge
/// decodes to.
///
/// It keeps what a session needs for that: the capabilities and positive replies already explained (so a second
/// EHLO or the tenth FETCH adds nothing), the lines of an SMTP reply so far (its meaning needs all of them),
/// whether TLS protects the connection (an ALERT before TLS is unauthenticated), and the secrets the user sent in
/// this session, so that a decoded challenge can never put one on the screen.
///
/// Lines it returns that start with "! " are warnings; the renderer shows them as such.
public final class ResponseAnnotator {
    public var level: ExplanationLevel
    public let mailProtocol: MailProtocol
    /// Kept current from the dialect, for Tab completion.
    public let advertised = AdvertisedCapabilities()
    public private(set) var isTLS = false
    private var explainedCapabilities: Set<String> = []
    private var explainedSubjects: Set<String> = []
    /// Keywords of untagged IMAP data (FETCH, EXISTS, ...) already explained: their next lines add nothing.
    private var explainedDataKeywords: Set<String> = []
    /// The last of them, compared in place: the line after a FETCH line is most often another one.
    private var quietKeyword: [UInt8] = []
    private var smtpReplyLines: [String] = []
    /// Pieces of what the user sent as secrets (SASL responses, passwords), raw and base64-decoded.
    private var secrets: [[UInt8]] = []
    private let secretLimit = 16

    public init(mailProtocol: MailProtocol, level: ExplanationLevel) {
        self.mailProtocol = mailProtocol
        self.level = level
    }

    /// Every session event, before it is rendered, with the dialect's capabilities after it.
    public func observe(_ event: SessionEvent, capabilities: @autoclosure () -> [String]) {
        switch event {
        case .received(_, let reception) where reception.kind == .data && reception.completion == nil:
            // A line of a body changes nothing here; a message has hundreds of thousands of them.
            return
        case .literal:
            return
        case .connecting:
            isTLS = false
            smtpReplyLines = []
            secrets = []
        case .tlsStarted:
            isTLS = true
            smtpReplyLines = []
        case .sent(let submission, let shown) where submission.isSecret:
            remember(secretOf: submission, shown: shown)
        default:
            break
        }
        advertised.update(capabilities())
    }

    /// The lines to show under one server line (without indentation).
    public func annotate(_ line: ServerLine, _ reception: Reception) -> [String] {
        var lines = alert(in: line, reception).map { [$0] } ?? []
        guard level != .off, reception.kind != .malformed else { return lines }
        switch mailProtocol {
        case .smtp: lines += annotateSMTP(line, reception)
        case .imap: lines += annotateIMAP(line, reception)
        case .pop3: lines += annotatePOP3(line, reception)
        }
        return lines
    }

    // MARK: - SMTP

    private func annotateSMTP(_ line: ServerLine, _ reception: Reception) -> [String] {
        let text = line.text
        let isLast = !(line.bytes.count > 3 && line.bytes[3] == UInt8(ascii: "-"))
        smtpReplyLines.append(text)
        defer { if isLast { smtpReplyLines = [] } }
        let command = reception.inReplyTo
        let isHello = ["EHLO", "HELO", "LHLO"].contains(command ?? "") && text.hasPrefix("250")

        var lines: [String] = []
        if isHello {
            // The code means the same on every line of a reply (RFC 5321 §4.2.1): say it under the first line;
            // each following line is one extension (§4.1.1.1).
            if smtpReplyLines.count == 1 {
                lines += explanations(ResponseExplainer.explain(text, in: .smtp, after: command), reception)
            } else {
                lines += capability(String(text.dropFirst(4)))
            }
        } else if isLast {
            let reply = smtpReplyLines.joined(separator: "\n")
            lines += explanations(ResponseExplainer.explain(reply, in: .smtp, after: command), reception,
                                  refusalText: reply)
        }
        if text.hasPrefix("334") {
            lines += challenge(String(text.dropFirst(4)))
        }
        return lines
    }

    // MARK: - IMAP

    private func annotateIMAP(_ line: ServerLine, _ reception: Reception) -> [String] {
        // `* 12 FETCH (FLAGS (\\Seen))` twenty thousand times: untagged data other than a status or CAPABILITY
        // is explained by its keyword alone, once a session (RFC 9051 §7.2-§7.5), so a repeat ends here without
        // the line becoming text.
        if reception.kind == .untagged {
            if IMAPResponseText.hasDataKeyword(line.bytes, quietKeyword) {
                return []
            }
            if let keyword = IMAPResponseText.dataKeyword(of: line.bytes) {
                quietKeyword = Array(keyword.utf8)
                guard explainedDataKeywords.insert(keyword).inserted else { return [] }
            }
        }
        let text = line.text
        var lines: [String] = []
        if reception.kind == .continuation {
            lines += explanations(ResponseExplainer.explain(text, in: .imap, after: reception.inReplyTo), reception)
            if reception.inReplyTo == "AUTHENTICATE" {
                lines += challenge(String(text.dropFirst()))
            }
            return lines
        }
        let found = ResponseExplainer.explain(text, in: .imap, after: reception.inReplyTo)
            // The ALERT itself is shown above, as a warning; its entry would only repeat that.
            .filter { $0.subject != "[ALERT]" }
        lines += explanations(found, reception, refusalText: text)
        for atom in IMAPResponseText.capabilityAtoms(in: text) {
            lines += capability(atom)
        }
        return lines
    }

    // MARK: - POP3

    private func annotatePOP3(_ line: ServerLine, _ reception: Reception) -> [String] {
        if reception.kind == .data {
            // Body lines: only a CAPA list teaches; RETR and TOP bodies are the user's mail.
            guard reception.inReplyTo == "CAPA", reception.completion == nil else { return [] }
            return capability(String(decoding: POP3Dialect.unstuff(line.bytes), as: UTF8.self))
        }
        let text = line.text
        var lines = explanations(ResponseExplainer.explain(text, in: .pop3, after: reception.inReplyTo),
                                 reception, refusalText: text)
        if reception.kind == .continuation {
            lines += challenge(String(text.dropFirst()))
        }
        return lines
    }

    // MARK: - Shared

    /// The lines for what the knowledge base found. Positive replies are explained the first time each meaning
    /// appears in the session; refusals every time, with what to try.
    private func explanations(_ found: [Explanation], _ reception: Reception,
                              refusalText: String? = nil) -> [String] {
        let isPositive = [.greeting, .success, .continuation, .untagged, .data].contains(reception.kind)
        var shown = found
        if isPositive {
            // Brief leaves out what a success's enhanced code adds to its reply code (2.1.5 after RCPT 250).
            shown = shown.filter { level == .full || !Self.isEnhancedCode($0.subject) }
                .filter { explainedSubjects.insert($0.subject).inserted }
        } else {
            if let refusalText, reception.completion != nil,
               let plaintext = TLSRequiredDiagnosis.explanation(
                for: refusalText, after: reception.inReplyTo, in: mailProtocol, isTLS: isTLS,
                diagnoses: shown.filter { $0.advice != nil }) {
                shown = shown.filter { $0.advice == nil } + [plaintext]
            }
            // Brief: a diagnosis says what the codes mean for this failure, and what to try.
            if level == .brief && shown.contains(where: { $0.advice != nil }) {
                shown = shown.filter { $0.advice != nil }
            }
        }
        return shown.flatMap { ExplanationText.lines($0, level: level) }
    }

    /// "2.1.5", "5.7.8": an enhanced status code's subject (RFC 3463 §2).
    static func isEnhancedCode(_ subject: String) -> Bool {
        let parts = subject.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    /// A capability the first time it is listed in this session. The entry repeats the server's words (its
    /// subject is the line as listed), so they are made terminal-safe first.
    private func capability(_ listed: String) -> [String] {
        let name = listed.split(separator: " ").first.map { $0.uppercased() } ?? ""
        guard !name.isEmpty, explainedCapabilities.insert(name).inserted else { return [] }
        let shown = TerminalSafeText.escape(Array(listed.utf8))
        guard let explanation = KnowledgeBase.capability(shown, in: mailProtocol) else {
            return ["\(shown): not a capability mailrepl knows (it is not in the IANA registry as mailrepl has it)."]
        }
        return ExplanationText.lines(explanation, level: level)
    }

    /// What a SASL challenge's base64 says (RFC 4954 §4, RFC 9051 §6.2.2, RFC 5034 §4).
    private func challenge(_ base64: String) -> [String] {
        let encoded = base64.trimmingSpaces
        if encoded.isEmpty {
            return ["Empty challenge: the server waits for your first SASL response, in base64 (\"*\" cancels)."]
        }
        guard let decoded = ResponseExplainer.decodeSASLChallenge(encoded) else { return [] }
        if containsSecret(Array(decoded.utf8)) {
            return ["The challenge decodes to text that contains what you sent as a secret; not shown."]
        }
        return ["Challenge decoded: \(TerminalSafeText.escape(Array(decoded.utf8)))"]
    }

    /// An IMAP `[ALERT]` (RFC 9051 §7.1: its text MUST be brought to the user's attention), shown at every level.
    /// Before TLS nothing proves who wrote it; when the session engine has already said so in the line's
    /// warning, that is not repeated.
    private func alert(in line: ServerLine, _ reception: Reception) -> String? {
        guard mailProtocol == .imap, let text = IMAPResponseText.alertText(of: line.bytes) else { return nil }
        let shown = TerminalSafeText.escape(text)
        if isTLS || reception.warning?.contains("ALERT") == true {
            return "! ALERT from the server (RFC 9051 §7.1): " + shown
        }
        return "! ALERT, unauthenticated: it came before TLS, so anyone in the network path could have written it: "
            + shown
    }

    // MARK: - Secrets

    private func remember(secretOf submission: Submission, shown: [UInt8]) {
        var wire = submission.wire
        if wire.suffix(2) == [13, 10] { wire.removeLast(2) }
        let words = wire.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        // The shown form keeps the public leading words and puts the marker where the rest was.
        let publicWords = max(0, shown.split(separator: UInt8(ascii: " ")).count - 1)
        for word in words.dropFirst(publicWords) {
            add(secret: Array(word))
            if let decoded = Base64.decode(String(decoding: word, as: UTF8.self)) {
                // SASL PLAIN is authzid NUL authcid NUL passwd (RFC 4616 §2).
                for piece in decoded.split(separator: 0) { add(secret: Array(piece)) }
            }
        }
    }

    private func add(secret piece: [UInt8]) {
        // Pieces shorter than this would match ordinary words of a challenge by chance.
        guard piece.count >= 3 else { return }
        secrets.append(piece)
        if secrets.count > secretLimit { secrets.removeFirst(secrets.count - secretLimit) }
    }

    private func containsSecret(_ text: [UInt8]) -> Bool {
        secrets.contains { secret in
            text.count >= secret.count && (0...(text.count - secret.count)).contains { start in
                text[start..<(start + secret.count)].elementsEqual(secret)
            }
        }
    }
}
