/// How much mailrepl says under the server's lines: `.explain off|brief|full`, `--explain` on the command line.
///
/// Brief is one line per thing worth knowing, with its source, and what to try after a failure; full adds the
/// detail the knowledge base holds. Off shows the wire alone (warnings that protect the user still appear).
public enum ExplanationLevel: String, CaseIterable, Sendable {
    case off, brief, full

    /// Brief at a terminal, where a person reads; off in script mode, where output is parsed or diffed.
    public static func defaultLevel(interactive: Bool) -> ExplanationLevel {
        interactive ? .brief : .off
    }

    /// The level named by a word, in any case ("Brief", "FULL").
    public init?(word: String) {
        self.init(rawValue: word.lowercased())
    }
}
