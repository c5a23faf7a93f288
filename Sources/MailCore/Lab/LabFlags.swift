/// A message's flags: the system flags of RFC 9051 §2.3.2 and keywords, compared without regard to case (flags are
/// case-insensitive atoms there), kept in a stable order for display.
public struct LabFlags: Equatable, Sendable {
    /// The system flags a client may set (\Recent is left out: RFC 9051 removed it, and the lab never sets it).
    public static let system = ["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"]

    private var names: [String] = []

    public init(_ names: [String] = []) {
        for name in names {
            insert(name)
        }
    }

    /// The flags in the order of `system`, then keywords in the order they were added.
    public var all: [String] {
        let lowered = names.map { $0.lowercased() }
        let systemFlags = LabFlags.system.filter { lowered.contains($0.lowercased()) }
        let keywords = names.filter { !$0.hasPrefix("\\") }
        return systemFlags + keywords
    }

    public func contains(_ name: String) -> Bool {
        names.contains { $0.lowercased() == name.lowercased() }
    }

    public mutating func insert(_ name: String) {
        guard !contains(name) else { return }
        let canonical = LabFlags.system.first { $0.lowercased() == name.lowercased() } ?? name
        names.append(canonical)
    }

    public mutating func remove(_ name: String) {
        names.removeAll { $0.lowercased() == name.lowercased() }
    }

    /// `(\Seen \Flagged)`: the parenthesized list IMAP sends.
    public var imapList: String { "(" + all.joined(separator: " ") + ")" }

    public static let seen = "\\Seen"
    public static let deleted = "\\Deleted"
}
