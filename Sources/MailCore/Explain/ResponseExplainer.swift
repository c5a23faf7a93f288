/// Picks the explanations to show under a server reply: the SMTP code in the context of the command it answered,
/// the enhanced status code the text carries, the IMAP or POP3 bracketed response code, and a diagnosis with
/// advice when the reply is a failure people often hit. Pure: text in, explanations out.
///
///     ResponseExplainer.explain("535 5.7.8 Error: authentication failed", in: .smtp, after: "AUTH PLAIN")
///     // 535 after AUTH, 5.7.8, and the "535 5.7.8" diagnosis with what to try
public enum ResponseExplainer {
    /// - Parameters:
    ///   - reply: SMTP: every line of one reply; IMAP: one response line; POP3: the status line.
    ///   - command: the command line or verb the reply answers ("." for the end of SMTP data, nil for the greeting).
    public static func explain(_ reply: String, in p: MailProtocol, after command: String?) -> [Explanation] {
        switch p {
        case .smtp: return explainSMTP(reply, after: command)
        case .imap: return explainIMAP(reply, after: command)
        case .pop3: return explainPOP3(reply, after: command)
        }
    }

    /// The text of a SASL challenge ("334 VXNlcm5hbWU6" or "+ VXNlcm5hbWU6" or the base64 alone) when it decodes
    /// to printable UTF-8; nil for anything else, so "+ Ready for literal data" stays undecoded.
    public static func decodeSASLChallenge(_ line: String) -> String? {
        var text = line.trimmingSpaces[...]
        if text.hasPrefix("334 ") || text.hasPrefix("334-") {
            text = text.dropFirst(4)
        } else if text.hasPrefix("+") {
            text = text.dropFirst()
        }
        let base64 = text.trimmingSpaces
        guard let octets = Base64Text.decode(base64) else { return nil }
        return Base64Text.printableText(octets)
    }

    // MARK: SMTP

    static func explainSMTP(_ reply: String, after command: String?) -> [Explanation] {
        let lines = reply.split(whereSeparator: \.isNewline)
        guard let first = lines.first, first.count >= 3, let code = Int(first.prefix(3)),
              first.prefix(3).allSatisfy(\.isNumber) else { return [] }
        let text = first.dropFirst(4)
        let enhanced = EnhancedCode(leading: text)
        var found = [KnowledgeBase.smtpReplyMeaning(code: code, after: command)].compactMap { $0 }
        if let enhanced, let meaning = KnowledgeBase.enhancedStatusCode(enhanced) { found.append(meaning) }

        var facts = Diagnosis.Facts(code: code, enhanced: enhanced, context: SMTPReplyContext(command: command))
        facts.text = lines.map { String($0.dropFirst(4)) }.joined(separator: " ").uppercased()
        if let diagnosis = Diagnoses.first(for: facts, in: .smtp) { found.append(diagnosis) }

        // The lines after the first of a 250 reply to EHLO are the extensions on offer (RFC 5321 §4.1.1.1).
        if code == 250, facts.context == .hello {
            for line in lines.dropFirst() where line.count > 4 {
                if let capability = KnowledgeBase.capability(String(line.dropFirst(4)), in: .smtp) {
                    found.append(capability)
                }
            }
        }
        return found
    }

    // MARK: IMAP

    static func explainIMAP(_ reply: String, after command: String?) -> [Explanation] {
        let line = reply.trimmingSpaces
        if line == "+" || line.hasPrefix("+ ") {
            return [KnowledgeBase.imapResponse("+")].compactMap { $0 }
        }
        // An ASCII line (nearly every one) is split on bytes: splitting on Characters gives the same words for it
        // and cost most of the time of explaining a line.
        let bytes = Array(line.utf8)
        var words = bytes.allSatisfy({ $0 < 0x80 })
            ? bytes.withUnsafeBufferPointer { buffer in
                ByteScan.spaceSeparatedRanges(buffer, maxSplits: 2).map { String(decoding: buffer[$0], as: UTF8.self) }
            }
            : line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
        guard words.count >= 2 else { return [] }
        let isUntagged = words[0] == "*"
        words.removeFirst()
        // "* 23 EXISTS": a number before the keyword.
        if words[0].allSatisfy(\.isNumber), words.count >= 2 {
            words.removeFirst()
        }
        let keyword = words[0].firstWord.uppercased()
        let rest = words.count > 1 ? words[1] : ""
        let statuses = ["OK", "NO", "BAD", "BYE", "PREAUTH"]
        guard statuses.contains(keyword) else {
            return [KnowledgeBase.imapResponse(keyword)].compactMap { $0 }
        }

        var found: [Explanation] = []
        var facts = Diagnosis.Facts(status: keyword)
        facts.verb = imapVerb(command)
        facts.text = rest.uppercased()
        if rest.hasPrefix("[") {
            let name = KnowledgeBase.bracketedName(rest)
            facts.responseCode = name
            if let code = IMAPResponseCodes.table[name] { found.append(code) }
        } else if keyword != "OK" || (isUntagged && command == nil) {
            found.append(contentsOf: [KnowledgeBase.imapResponse(keyword)].compactMap { $0 })
        }
        if let diagnosis = Diagnoses.first(for: facts, in: .imap) { found.append(diagnosis) }
        return found
    }

    /// The verb of the command an IMAP reply answers: "a001 LOGIN u p" and "LOGIN" both give LOGIN.
    static func imapVerb(_ command: String?) -> String? {
        guard let command else { return nil }
        let words = command.trimmingSpaces.split(separator: " ").map { $0.uppercased() }
        guard let first = words.first else { return nil }
        if IMAPCommands.table[first] != nil { return first }
        return words.count > 1 ? words[1] : first
    }

    // MARK: POP3

    static func explainPOP3(_ reply: String, after command: String?) -> [Explanation] {
        let line = reply.trimmingSpaces
        let status = line.firstWord
        guard let meaning = KnowledgeBase.pop3Status(status, after: command) else { return [] }
        var found = [meaning]
        let rest = String(line.dropFirst(status.count)).trimmingSpaces
        guard status.uppercased() == "-ERR", rest.hasPrefix("[") else { return found }
        let name = KnowledgeBase.bracketedName(rest)
        if let code = POP3ResponseCodes.table[name]
            ?? name.split(separator: "/").first.flatMap({ POP3ResponseCodes.table[String($0)] }) {
            found.append(code)
        }
        var facts = Diagnosis.Facts(status: "-ERR", responseCode: name)
        facts.verb = command.map { $0.trimmingSpaces.firstWord.uppercased() }
        if let diagnosis = Diagnoses.first(for: facts, in: .pop3) { found.append(diagnosis) }
        return found
    }
}
