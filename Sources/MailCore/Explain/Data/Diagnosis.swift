/// A failure people commonly hit, recognised from what the server answered, with what to try. The meaning is the
/// cited RFC's; the advice is this program's own.
struct Diagnosis: Sendable {
    /// What a reply looked like, as far as diagnoses care.
    struct Facts: Sendable {
        var code: Int = 0
        var enhanced: EnhancedCode?
        var context: SMTPReplyContext?
        /// IMAP: the status (OK, NO, BAD, BYE, PREAUTH); POP3: "+OK" or "-ERR".
        var status: String = ""
        /// IMAP or POP3 response code, upper-cased, without brackets or arguments.
        var responseCode: String?
        /// The command answered, upper-cased verb (IMAP, POP3).
        var verb: String?
        /// The reply text, upper-cased, for the few diagnoses that look at words.
        var text: String = ""
    }

    let mailProtocol: MailProtocol
    let explanation: Explanation
    let matches: @Sendable (Facts) -> Bool

    init(_ mailProtocol: MailProtocol, _ subject: String, _ summary: String, advice: String,
         _ sources: [Citation], when matches: @escaping @Sendable (Facts) -> Bool) {
        self.mailProtocol = mailProtocol
        explanation = Explanation(subject: subject, summary: summary, advice: advice, sources: sources)
        self.matches = matches
    }
}

extension Diagnosis.Facts {
    func enhancedIs(_ text: String) -> Bool { enhanced?.text == text }
    /// True when there is no enhanced code, or it is one of `texts`.
    func enhancedIsAbsentOr(_ texts: String...) -> Bool { enhanced.map { texts.contains($0.text) } ?? true }
}
