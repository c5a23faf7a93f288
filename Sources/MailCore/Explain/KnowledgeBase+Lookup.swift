extension KnowledgeBase {
    /// Everything the knowledge base knows about a query, for `.explain X` and `mailrepl explain X`.
    ///
    /// Accepts a reply code ("535"), a reply code with its enhanced code ("535 5.7.8"), an enhanced code
    /// ("5.7.8", "X.7.8"), a bracketed response code ("[ALERT]", "[IN-USE]"), a POP3 status ("+OK"), or a word
    /// that may be a command, a capability or a response ("STARTTLS", "AUTH=PLAIN", "EXISTS"). A leading protocol
    /// name ("imap ALERT", "pop3 CAPA") limits the search to that protocol, as `p` does.
    public static func lookup(_ query: String, in p: MailProtocol?) -> [Explanation] {
        var words = query.trimmingSpaces.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var scope = p
        if let first = words.first, let named = protocolNamed(first) {
            scope = named
            words.removeFirst()
        }
        guard let first = words.first else { return [] }
        var found: [Explanation] = []

        if first.count == 3, let code = Int(first), first.allSatisfy(\.isNumber) {
            let enhanced = words.dropFirst().first.flatMap { EnhancedCode($0) }
            var facts = Diagnosis.Facts(code: code, enhanced: enhanced)
            facts.text = words.joined(separator: " ").uppercased()
            let diagnosis = Diagnoses.first(for: facts, in: .smtp)
            // With a diagnosis to show, its advice is not repeated under the code.
            let meaning = diagnosis == nil
                ? smtpReply(code: code, after: nil) : smtpReplyMeaning(code: code, after: nil)
            found.append(contentsOf: [meaning].compactMap { $0 })
            if let enhanced { found.append(contentsOf: [enhancedStatusCode(enhanced)].compactMap { $0 }) }
            if let diagnosis { found.append(diagnosis) }
        } else if let enhanced = EnhancedCode(first) {
            found.append(contentsOf: [enhancedStatusCode(enhanced)].compactMap { $0 })
            let facts = Diagnosis.Facts(enhanced: enhanced)
            if enhanced.classDigit != nil, let diagnosis = Diagnoses.first(for: facts, in: .smtp) {
                found.append(diagnosis)
            }
        } else if first.hasPrefix("[") {
            let text = words.joined(separator: " ")
            if scope != .pop3, let code = imapResponseCode(text) { found.append(code) }
            if scope != .imap, let code = pop3ResponseCode(text) { found.append(code) }
        } else if ["+OK", "-ERR"].contains(first.uppercased()) {
            if let command = words.dropFirst().first {
                found.append(contentsOf: [pop3Status(first, after: command)].compactMap { $0 })
            } else {
                found.append(first.uppercased() == "+OK" ? POP3Statuses.ok : POP3Statuses.err)
            }
        } else if first == "+" {
            if scope != .pop3, let response = imapResponse("+") { found.append(response) }
            if scope != .imap, let status = pop3Status("+", after: nil) { found.append(status) }
        } else {
            found = word(words.joined(separator: " "), in: scope)
        }
        return unique(found)
    }

    /// A word looked up as command, capability and response in each protocol in scope.
    static func word(_ text: String, in scope: MailProtocol?) -> [Explanation] {
        let protocols = scope.map { [$0] } ?? MailProtocol.allCases
        var found: [Explanation] = []
        for p in protocols {
            if let command = command(text, in: p) { found.append(command.explanation) }
        }
        for p in protocols {
            if let capability = capability(text, in: p) {
                found.append(capability.retitled("\(p.displayName) capability \(capability.subject)"))
            }
        }
        if protocols.contains(.imap) {
            if let code = imapResponseCode(text) { found.append(code) }
            if let response = imapResponse(text.firstWord) {
                found.append(response.retitled("IMAP response \(response.subject)"))
            }
        }
        if protocols.contains(.pop3), let code = pop3ResponseCode(text) { found.append(code) }
        return found
    }

    static func protocolNamed(_ word: String) -> MailProtocol? {
        switch word.lowercased() {
        case "smtp", "esmtp", "submission": return .smtp
        case "imap", "imap4": return .imap
        case "pop3", "pop": return .pop3
        default: return nil
        }
    }

    static func unique(_ explanations: [Explanation]) -> [Explanation] {
        var seen = Set<Explanation>()
        return explanations.filter { seen.insert($0).inserted }
    }
}
