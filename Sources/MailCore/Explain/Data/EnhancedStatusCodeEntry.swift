/// One row of the "Enumerated Status Codes" table of the IANA SMTP Enhanced Status Codes registry, written as
/// `X.subject.detail` because the class digit is given by the reply that carries it.
struct EnhancedStatusCodeEntry: Sendable {
    let subject: Int
    let detail: Int
    /// What the code says, as a phrase that completes "class, subject: …".
    let phrase: String
    /// A few sentences from the registry's description, in plain words.
    let description: String
    let sources: [Citation]

    var code: String { "X.\(subject).\(detail)" }

    init(_ subject: Int, _ detail: Int, _ phrase: String, _ description: String, rfc: [Int] = [3463],
         section: String? = nil) {
        self.subject = subject
        self.detail = detail
        self.phrase = phrase
        self.description = description
        sources = rfc.map { number in
            // RFC 3463 §3.1 to §3.8 enumerate subjects 0 to 7 in order.
            let section = section ?? (number == 3463 ? "3.\(subject + 1)" : nil)
            return Citation(registry: Citation.enhancedStatusCodesRegistry, rfc: number, section: section)
        }
    }
}
