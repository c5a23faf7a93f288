/// Where a fact in the knowledge base comes from: an RFC and, when one applies, its section; for entries that exist
/// only as a row of an IANA registry, the registry's name plus the RFC that defines the entry.
///
///     Citation(rfc: 5321, section: "4.2.3").text                       // "RFC 5321 §4.2.3"
///     Citation(registry: "IANA POP3 Extension Mechanism", rfc: 2449).text
///                                                                      // "RFC 2449 (IANA POP3 Extension Mechanism)"
public struct Citation: Hashable, Sendable {
    public let rfc: Int
    public let section: String?
    /// The IANA registry the entry was taken from, when the registry row is the source.
    public let registry: String?

    public init(rfc: Int, section: String? = nil) {
        self.rfc = rfc
        self.section = section
        self.registry = nil
    }

    public init(registry: String, rfc: Int, section: String? = nil) {
        self.rfc = rfc
        self.section = section
        self.registry = registry
    }

    /// The citation as a reader sees it: "RFC 5321 §4.2.3".
    public var text: String {
        var text = "RFC \(rfc)"
        if let section { text += " §\(section)" }
        if let registry { text += " (\(registry))" }
        return text
    }
}

extension Citation {
    /// Names of the IANA registries the tables were copied from.
    static let enhancedStatusCodesRegistry = "IANA SMTP Enhanced Status Codes"
    static let imapResponseCodesRegistry = "IANA IMAP Response Codes"
    static let imapCapabilitiesRegistry = "IANA IMAP Capabilities"
    static let pop3Registry = "IANA POP3 Extension Mechanism"
    static let smtpExtensionsRegistry = "IANA SMTP Service Extensions"
}
