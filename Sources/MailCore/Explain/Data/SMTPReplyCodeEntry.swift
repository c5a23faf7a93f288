/// One SMTP reply code: its meaning in general, and its meaning after particular commands.
struct SMTPReplyCodeEntry: Sendable {
    let code: Int
    let meaning: Explanation
    let inContext: [SMTPReplyContext: Explanation]

    /// A row of the table: the general meaning first, then `(context, summary, detail, sources)` refinements.
    init(_ code: Int, _ summary: String, detail: String? = nil, _ sources: [Citation],
         after contexts: [(SMTPReplyContext, String, String?, [Citation])] = []) {
        self.code = code
        meaning = Explanation(subject: String(code), summary: summary, detail: detail, sources: sources)
        var inContext: [SMTPReplyContext: Explanation] = [:]
        for (context, summary, detail, contextSources) in contexts {
            inContext[context] = Explanation(subject: "\(code) after \(context.label)", summary: summary,
                                             detail: detail ?? self.meaning.detail,
                                             sources: contextSources + sources.filter { !contextSources.contains($0) })
        }
        self.inContext = inContext
    }
}
