/// Turns transcript entries into the lines of a transcript file (docs/transcript-format.md).
///
///     # mailrepl transcript 1
///     # SMTP submission: STARTTLS, then AUTH PLAIN
///     @0.000 * connect url=smtp://127.0.0.1:587
///     @0.011 S: 220 mail.example.test ESMTP Postfix
///     @0.012 C: EHLO client.example
///
/// Each entry becomes one line, so a recorder can write each as it happens. Lines are returned without their
/// line end; a file ends every line with LF.
public enum TranscriptWriter {
    public static let version = 1
    public static let header = "# mailrepl transcript \(version)"

    public static func line(for entry: TranscriptEntry) -> String {
        let time = entry.milliseconds.map { "@" + TranscriptTime.text(max(0, $0)) + " " } ?? ""
        switch entry.kind {
        case .client(let line):
            return time + "C:" + data(line)
        case .server(let line):
            return time + "S:" + data(line)
        case .event(let event):
            return time + "* " + event.name + event.attributes.map { " " + attribute($0) }.joined()
        case .comment(let text):
            return "#" + (text.isEmpty ? "" : " " + commentText(text))
        }
    }

    /// The whole transcript as file text: the header, then one line per entry, each ending in LF.
    public static func text(of entries: [TranscriptEntry]) -> String {
        ([header] + entries.map(line(for:))).map { $0 + "\n" }.joined()
    }

    /// The text after `C:`/`S:`: a space and the escaped bytes (none for an empty line), with redactions as the
    /// marker, and a final backslash when no CRLF followed the bytes on the wire.
    static func data(_ line: TranscriptLine) -> String {
        var out = ""
        for (index, piece) in line.pieces.enumerated() {
            switch piece {
            case .bytes(let bytes):
                let isLast = index == line.pieces.count - 1
                out += TranscriptEscaping.encode(bytes[...], atLineEnd: isLast)
            case .redacted:
                out += Redaction.marker
            }
        }
        if !line.endsWithCRLF {
            out += "\\"
        }
        return out.isEmpty ? "" : " " + out
    }

    static func attribute(_ attribute: TranscriptAttribute) -> String {
        let value = attribute.value
        let isBare = !value.isEmpty && value.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
        }
        if isBare {
            return attribute.key + "=" + String(decoding: value, as: UTF8.self)
        }
        return attribute.key + "=\"" + TranscriptEscaping.encode(value[...], atLineEnd: false, inQuotes: true) + "\""
    }

    /// Comments are free text for people; control characters become spaces so that one comment stays one line.
    static func commentText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 ? " " : scalar
        }))
    }
}
