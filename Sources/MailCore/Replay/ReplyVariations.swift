/// What may differ between a server's recorded replies and its live ones without being a difference: values a
/// server makes up anew each time. `replay --against` compares replies after putting a placeholder where each of
/// these stands; docs/transcript-format.md lists them.
public struct ReplyVariations {
    public struct Variation: Sendable {
        public var name: String
        public var example: String
    }

    /// The variations, in the order they are applied, for the documentation and the report.
    public static let all: [Variation] = [
        Variation(name: "SMTP queue ids", example: "250 2.0.0 Ok: queued as 4778BF9E31B"),
        Variation(name: "message ids in Received: header fields", example: "with ESMTPS id 4778BF9E31B"),
        Variation(name: "dates and times",
                  example: "Thu, 26 Nov 2026 23:50:12 +0000; \"26-Nov-2026 23:50:12 +0000\""),
        Variation(name: "server timings", example: "a005 OK Select completed (0.001 + 0.000 secs)."),
        Variation(name: "IMAP UIDVALIDITY and mod-sequences", example: "* OK [UIDVALIDITY 1795738203] UIDs valid"),
        Variation(name: "SASL challenges (they carry nonces)", example: "334 PDEyMzQ1Njc4OTAuMTIzQGhvc3Q+"),
        Variation(name: "the POP3 APOP timestamp in the greeting", example: "+OK ready <1896.697170952@host>"),
        Variation(name: "POP3 unique ids (UIDL)", example: "1 000000017795738203"),
    ]

    public init() {}

    /// `line` with every varying value replaced by a placeholder. `verb` is the command the line answers.
    public func normalized(_ line: String, after verb: String?, in mailProtocol: MailProtocol) -> String {
        var text = line
        text.replace(/(queued as )[0-9A-Za-z]+/) { $0.1 + "<queue-id>" }
        text.replace(/(\bid )[0-9A-Za-z.]{8,}/) { $0.1 + "<id>" }
        // RFC 5322 §3.3 date-time, and IMAP's date-time (RFC 9051 §9).
        text.replace(#/
            (?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\ )?
            \d{1,2}\ (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\ \d{4}\ \d{2}:\d{2}(?::\d{2})?
            (?:\ [+-]\d{4})? (?:\ \([A-Za-z]{1,5}\))?
            /#, with: "<date>")
        text.replace(#/
            \d{1,2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{4}\ \d{2}:\d{2}:\d{2}\ [+-]\d{4}
            /#, with: "<date>")
        text.replace(/\(\d+\.\d+(?: \+ \d+\.\d+)+ secs\)/, with: "(<timing> secs)")
        text.replace(/\[(UIDVALIDITY|HIGHESTMODSEQ|APPENDUID|COPYUID) \d+/) { "[" + $0.1 + " <n>" }
        text.replace(/MODSEQ \(\d+\)/, with: "MODSEQ (<n>)")
        if verb == "AUTH" || verb == "AUTHENTICATE" {
            text.replace(/^(334|\+) [A-Za-z0-9+\/=]+$/) { $0.1 + " <challenge>" }
        }
        if mailProtocol == .pop3 {
            if verb == nil {
                text.replace(/<[^<>@ ]+@[^<> ]+>/, with: "<timestamp>")
            }
            if verb == "UIDL" {
                text.replace(/^(\+OK )?(\d+) \S+$/) { ($0.1 ?? "") + $0.2 + " <unique-id>" }
            }
        }
        return text
    }
}
