/// Explains what SMTP, IMAP and POP3 servers say, with the RFC section or IANA registry behind every entry.
///
///     KnowledgeBase.smtpReply(code: 250, after: "RCPT")?.summary   // "Recipient accepted. ..."
///     KnowledgeBase.enhancedStatusCode("5.7.8")?.summary           // "Permanent failure, security/policy: ..."
///     KnowledgeBase.lookup("imap ALERT", in: nil)
///
/// The data lives in `Explain/Data`, one table per file; this type only finds entries.
public enum KnowledgeBase {
    /// An SMTP reply code explained after the command it answered: the verb as typed ("RCPT", "MAIL FROM:<a@b>"),
    /// "." for the end of message data, nil for the greeting. Codes without an entry are explained by their
    /// digits (RFC 5321 §4.2.1); nil only for numbers that cannot be reply codes.
    public static func smtpReply(code: Int, after command: String?) -> Explanation? {
        guard let explanation = smtpReplyMeaning(code: code, after: command) else { return nil }
        var facts = Diagnosis.Facts(code: code)
        facts.context = SMTPReplyContext(command: command)
        return explanation.advising(Diagnoses.first(for: facts, in: .smtp)?.advice)
    }

    /// The reply's meaning without advice; `ResponseExplainer` gives advice as a separate diagnosis.
    static func smtpReplyMeaning(code: Int, after command: String?) -> Explanation? {
        guard let entry = SMTPReplyCodes.table[code] else { return SMTPReplyClasses.explain(code) }
        if let context = SMTPReplyContext(command: command), let specific = entry.inContext[context] {
            return specific
        }
        return entry.meaning
    }

    /// An enhanced status code such as "5.7.8", explained as one sentence of class, subject and detail
    /// (RFC 3463 §2). "X.7.8" explains the subject and detail alone.
    public static func enhancedStatusCode(_ text: String) -> Explanation? {
        guard let code = EnhancedCode(text.trimmingSpaces) else { return nil }
        return enhancedStatusCode(code)
    }

    static func enhancedStatusCode(_ code: EnhancedCode) -> Explanation? {
        guard let subject = EnhancedStatusCodes.subjectMeaning(code.subject) else { return nil }
        let entry = EnhancedStatusCodes.table["\(code.subject).\(code.detail)"]
        let classPart = code.classDigit.flatMap(EnhancedStatusCodes.classMeaning)
        let phrase = entry?.phrase ?? "detail \(code.detail) is not in the registry"
        let summary: String
        if let classPart {
            summary = "\(classPart.word), \(subject.word): \(phrase)."
        } else {
            summary = "\(subject.word.prefix(1).uppercased())\(subject.word.dropFirst()): \(phrase)."
        }
        var detail: [String] = []
        if let entry { detail.append(entry.description) }
        if let classPart { detail.append("Class \(code.classDigit ?? 0): \(classPart.meaning).") }
        detail.append("Subject \(code.subject): \(subject.meaning).")
        let sources = [EnhancedStatusCodes.structure] + (entry?.sources ?? [])
        return Explanation(subject: code.text, summary: summary, detail: detail.joined(separator: " "),
                           advice: nil, sources: sources)
    }

    /// An IMAP response code ("ALERT", "[ALERT]", "[UIDVALIDITY 3857529045]"), case-insensitive.
    public static func imapResponseCode(_ atom: String) -> Explanation? {
        let name = bracketedName(atom)
        guard let entry = IMAPResponseCodes.table[name] else { return nil }
        return entry.advising(Diagnoses.first(for: Diagnosis.Facts(responseCode: name), in: .imap)?.advice)
    }

    /// An IMAP response by its keyword: OK NO BAD BYE PREAUTH, untagged data (EXISTS, FETCH, ...), or "+".
    public static func imapResponse(_ keyword: String) -> Explanation? {
        IMAPResponses.table[keyword.trimmingSpaces.uppercased()]
    }

    /// A POP3 extended response code ("IN-USE", "[SYS/TEMP]"), case-insensitive. Hierarchical codes fall back to
    /// their first level ("SYS/OTHER" to SYS, RFC 3206 §4).
    public static func pop3ResponseCode(_ code: String) -> Explanation? {
        let name = bracketedName(code)
        let entry = POP3ResponseCodes.table[name]
            ?? name.split(separator: "/").first.flatMap { POP3ResponseCodes.table[String($0)] }
        guard let entry else { return nil }
        return entry.advising(Diagnoses.first(for: Diagnosis.Facts(responseCode: name), in: .pop3)?.advice)
    }

    /// A POP3 status indicator ("+OK", "-ERR", or "+" for a SASL challenge) after the command it answered
    /// (nil for the greeting).
    public static func pop3Status(_ status: String, after command: String?) -> Explanation? {
        let verb = command.map { $0.trimmingSpaces.firstWord.uppercased() } ?? ""
        switch status.trimmingSpaces.uppercased() {
        case "+OK":
            guard let (summary, sources) = POP3Statuses.okAfter[verb] else { return POP3Statuses.ok }
            return Explanation(subject: verb.isEmpty ? "+OK greeting" : "+OK after \(verb)", summary: summary,
                               sources: sources + POP3Statuses.ok.sources)
        case "-ERR":
            guard let (summary, sources) = POP3Statuses.errAfter[verb] else { return POP3Statuses.err }
            return Explanation(subject: verb.isEmpty ? "-ERR greeting" : "-ERR after \(verb)", summary: summary,
                               detail: POP3Statuses.err.detail, sources: sources + POP3Statuses.err.sources)
        case "+":
            return POP3Statuses.continuation
        default:
            return nil
        }
    }

    /// A capability as the server lists it: an EHLO line ("SIZE 35882577", "AUTH PLAIN LOGIN"), an IMAP atom
    /// ("AUTH=PLAIN", "THREAD=REFERENCES") or a CAPA line ("SASL PLAIN").
    public static func capability(_ keyword: String, in p: MailProtocol) -> Explanation? {
        let line = keyword.trimmingSpaces
        let name = line.firstWord.uppercased()
        let argument = String(line.dropFirst(line.firstWord.count)).trimmingSpaces
        switch p {
        case .smtp:
            if let entry = SMTPCapabilities.table[name] { return entry.withArgument(argument, line: line) }
            if name.hasPrefix("X") { return SMTPCapabilities.privateKeyword(line) }
            return nil
        case .pop3:
            return POP3Capabilities.table[name]?.withArgument(argument, line: line)
        case .imap:
            if let entry = IMAPCapabilities.table[name] { return entry.retitled(line) }
            guard let equals = name.firstIndex(of: "="),
                  let written = line.firstWord.split(separator: "=", maxSplits: 1).last else { return nil }
            let value = String(written)
            let entry = IMAPCapabilities.table[String(name[...equals])]
                ?? IMAPCapabilities.table[String(name[..<equals])]
            return entry?.withArgument(value, line: line)
        }
    }

    /// A command of one protocol: what it does, its syntax, when it is allowed, and its equivalents.
    public static func command(_ name: String, in p: MailProtocol) -> CommandExplanation? {
        let verb = name.trimmingSpaces.firstWord.uppercased()
        switch p {
        case .smtp: return SMTPCommands.table[verb]
        case .imap: return IMAPCommands.table[verb]
        case .pop3: return POP3Commands.table[verb]
        }
    }

    /// "[ALERT]", "alert", "[UIDVALIDITY 3857529045]" all name ALERT or UIDVALIDITY.
    static func bracketedName(_ text: String) -> String {
        var name = text.trimmingSpaces
        if name.hasPrefix("[") { name.removeFirst() }
        if let close = name.firstIndex(of: "]") { name = String(name[..<close]) }
        return name.trimmingSpaces.firstWord.uppercased()
    }
}

extension Explanation {
    /// The entry under the capability line as the server wrote it, with what its argument says.
    func withArgument(_ argument: String, line: String) -> Explanation {
        guard !argument.isEmpty else { return retitled(line) }
        let note: String
        if let mechanisms = SASLMechanisms.describe(argument) {
            note = mechanisms
        } else {
            note = "Value: \(argument)."
        }
        return Explanation(subject: line, summary: summary, detail: [detail, note].compactMap { $0 }
                               .joined(separator: " "),
                           advice: advice, sources: sources)
    }
}
