import MailCore

/// Knowledge-base entries as the lines a person reads, at a level.
///
/// Brief, under a server line:
///
///     250 after RCPT: Recipient accepted. Add more with RCPT TO, or send DATA. (RFC 5321 §4.1.1.3)
///
/// Full adds the entry's detail, what to try, and every source with the registry it was taken from.
enum ExplanationText {
    /// The lines for one explanation. A diagnosis (an entry that carries advice, as `ResponseExplainer` returns
    /// them) is said without its internal subject, followed by what to try.
    static func lines(_ explanation: Explanation, level: ExplanationLevel) -> [String] {
        switch level {
        case .off:
            return []
        case .brief:
            var lines: [String] = []
            let sources = shortSources(explanation.sources)
            let cited = sources.isEmpty ? "" : " (\(sources))"
            if let advice = explanation.advice {
                lines.append(explanation.summary + cited)
                lines.append("Try: " + advice)
            } else {
                lines.append(headline(explanation) + cited)
            }
            return lines
        case .full:
            return described(explanation)
        }
    }

    /// The whole entry: subject and summary, detail, advice and sources. Used on demand (`.explain X`,
    /// `mailrepl explain X`) and inline at the full level.
    static func described(_ explanation: Explanation) -> [String] {
        var lines = [headline(explanation)]
        if let detail = explanation.detail {
            lines += detail.split(separator: "\n").map { "  " + $0 }
        }
        if let advice = explanation.advice {
            lines.append("  Try: " + advice)
        }
        if !explanation.sources.isEmpty {
            lines.append("  Sources: " + fullSources(explanation.sources))
        }
        return lines
    }

    /// "IDLE: the server pushes ...": subject and summary, without saying the subject twice when the summary
    /// already starts with it.
    static func headline(_ explanation: Explanation) -> String {
        let subject = explanation.subject
        return explanation.summary.hasPrefix(subject + ":") ? explanation.summary : "\(subject): \(explanation.summary)"
    }

    /// "RFC 3207 §4; RFC 5321 §4.2.3": the first citation of each of the first two RFCs, without registry names.
    static func shortSources(_ sources: [Citation]) -> String {
        var seen = Set<Int>()
        return sources.filter { seen.insert($0.rfc).inserted }.prefix(2)
            .map { citation in citation.section.map { "RFC \(citation.rfc) §\($0)" } ?? "RFC \(citation.rfc)" }
            .joined(separator: "; ")
    }

    /// Every citation in full, each once.
    static func fullSources(_ sources: [Citation]) -> String {
        var seen = Set<String>()
        return sources.map(\.text).filter { seen.insert($0).inserted }.joined(separator: "; ")
    }
}
