/// What the knowledge base says about one thing a server sent or a person may type: a reply code, an enhanced
/// status code, a response code, a capability, a command.
///
/// `summary` is one plain line of meaning; `detail` adds a few sentences for the full level; `advice` says what to
/// try when the thing is a failure. Meanings come from the cited sources; the advice is this program's own.
public struct Explanation: Hashable, Sendable {
    /// What is explained, as the person would write it: "535", "5.7.8", "[ALERT]", "STARTTLS".
    public let subject: String
    public let summary: String
    public let detail: String?
    public let advice: String?
    public let sources: [Citation]

    public init(subject: String, summary: String, detail: String? = nil, advice: String? = nil,
                sources: [Citation]) {
        self.subject = subject
        self.summary = summary
        self.detail = detail
        self.advice = advice
        self.sources = sources
    }

    /// The same explanation under another subject (a key may be written several ways).
    func retitled(_ subject: String) -> Explanation {
        Explanation(subject: subject, summary: summary, detail: detail, advice: advice, sources: sources)
    }

    /// The same explanation with advice attached, unless it already carries some.
    func advising(_ advice: String?) -> Explanation {
        Explanation(subject: subject, summary: summary, detail: detail, advice: self.advice ?? advice,
                    sources: sources)
    }
}
