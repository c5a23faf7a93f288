/// The ENVELOPE of a message (RFC 3501 §7.4.2): date, subject, the address lists, in-reply-to and message-id,
/// parsed from its header.
enum IMAPLabEnvelope {
    static func render(_ bytes: [UInt8]) -> String {
        let fields = LabMessageText.headerFields(of: bytes)
        func value(_ name: String) -> String? {
            fields.first { $0.name.lowercased() == name }?.value
        }
        let from = addresses(value("from"))
        // Sender and Reply-To default to From when absent (RFC 3501 §7.4.2).
        let sender = value("sender").map(addresses) ?? from
        let replyTo = value("reply-to").map(addresses) ?? from
        let parts = [nstring(value("date")), nstring(value("subject")), from, sender, replyTo,
                     addresses(value("to")), addresses(value("cc")), addresses(value("bcc")),
                     nstring(value("in-reply-to")), nstring(value("message-id"))]
        return "(" + parts.joined(separator: " ") + ")"
    }

    static func nstring(_ text: String?) -> String {
        guard let text else { return "NIL" }
        return IMAPLabServer.quoted(text)
    }

    /// `Alice <alice@lab.test>, bob@lab.test` → `(("Alice" NIL "alice" "lab.test")(NIL NIL "bob" "lab.test"))`.
    /// Group syntax and quoted commas are beyond the lab; such addresses come out as they can.
    static func addresses(_ text: String?) -> String {
        guard let text, !text.trimmingLabSpaces.isEmpty else { return "NIL" }
        var rendered = ""
        for entry in text.split(separator: ",") {
            var name: String?
            var address = String(entry).trimmingLabSpaces
            if let open = address.lastIndex(of: "<"), let close = address.lastIndex(of: ">"), open < close {
                let display = String(address[..<open]).trimmingLabSpaces.trimmingCharacters(in: "\"")
                name = display.isEmpty ? nil : display
                address = String(address[address.index(after: open)..<close])
            }
            let pieces = address.split(separator: "@", maxSplits: 1).map(String.init)
            let mailbox = pieces.first ?? ""
            let host = pieces.count > 1 ? pieces[1] : nil
            rendered += "(\(nstring(name)) NIL \(nstring(mailbox)) \(nstring(host)))"
        }
        return rendered.isEmpty ? "NIL" : "(" + rendered + ")"
    }
}

extension String {
    func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
