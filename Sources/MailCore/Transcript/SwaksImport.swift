/// Reads the output of swaks (an SMTP test tool) as a transcript.
///
/// swaks prefixes every line with four characters: `<-  ` a server line and ` -> ` a client line in plaintext,
/// `<~  ` and ` ~> ` the same over TLS, `<** ` and `<~* ` a server line swaks counts as an error, `=== ` its own
/// narration and `*** ` its own errors. Message content lines keep the CR of their CRLF in swaks' output; it is
/// dropped here, as the transcript implies CRLF.
///
/// swaks prints credentials (AUTH PLAIN's base64, AUTH LOGIN's answers) in clear. They are redacted as they are
/// read, by the same rules the session engine applies (`SMTPDialect` says what is secret, `Redaction` what stays
/// visible), so a transcript made from swaks output never holds them.
enum SwaksImport {
    static func looksLikeSwaks(_ line: [UInt8]) -> Bool {
        prefixes.keys.contains { line.starts(with: Array($0.utf8)) } || line.starts(with: Array("=== ".utf8))
    }

    private enum Role {
        case client, server
    }

    private static let prefixes: [String: Role] = [
        "<-  ": .server, "<~  ": .server, "<** ": .server, "<~* ": .server, " -> ": .client, " ~> ": .client,
    ]

    static func read(_ lines: [FileLines.Line], file: String) throws(TranscriptReadError) -> Transcript {
        var entries: [TranscriptEntry] = []
        var numbers: [Int] = []
        var dialect = SMTPDialect()
        var sawServerLine = false
        var connectIndex: Int?
        for line in lines where !FileLines.isBlank(line.bytes) {
            let bytes = line.bytes
            if let (prefix, role) = prefixes.first(where: { bytes.starts(with: Array($0.key.utf8)) }) {
                var data = Array(bytes.dropFirst(prefix.utf8.count))
                switch role {
                case .server:
                    sawServerLine = true
                    _ = dialect.receive(ServerLine(data))
                    entries.append(.server(TranscriptLine(data)))
                case .client:
                    if dialect.phase == .messageBody && data.last == 13 {
                        data.removeLast()
                    }
                    let submission = dialect.submit(data)
                    if submission.isSecret {
                        entries.append(.event(.redacted(what: "a credential swaks showed in clear")))
                        numbers.append(line.number)
                    }
                    let shown = submission.isSecret ? Redaction.shownForm(of: submission) : data
                    entries.append(.client(TranscriptLine(shown: shown, isSecret: submission.isSecret)))
                }
                numbers.append(line.number)
                continue
            }
            if bytes.starts(with: Array("=== ".utf8)) || bytes.starts(with: Array("*** ".utf8)) {
                let text = String(decoding: bytes.dropFirst(4), as: UTF8.self)
                guard let event = narration(text, isError: bytes.first == UInt8(ascii: "*"),
                                            entries: &entries, connectIndex: &connectIndex,
                                            sawServerLine: sawServerLine) else { continue }
                if case .connect = event { connectIndex = entries.count }
                entries.append(.event(event))
                numbers.append(line.number)
                continue
            }
            throw TranscriptReadError(
                file: file, line: line.number,
                expected: "a line of swaks output (starting with `<-  `, ` -> `, `<~  `, ` ~> `, `<** `, `=== ` or "
                    + "`*** `)",
                found: bytes)
        }
        return Transcript(source: .swaks, entries: entries, lineNumbers: numbers)
    }

    /// The event a line of swaks' own narration stands for; nil when it only adds to the previous event.
    private static func narration(_ text: String, isError: Bool, entries: inout [TranscriptEntry],
                                  connectIndex: inout Int?, sawServerLine: Bool) -> TranscriptEvent? {
        if isError {
            return .note("swaks: " + text)
        }
        if text.hasPrefix("Trying "), text.hasSuffix("...") {
            let authority = text.dropFirst("Trying ".count).dropLast(3)
            return .connect(url: "smtp://" + authority)
        }
        if text.hasPrefix("Connected to "), text.hasSuffix(".") {
            return .connected(address: String(text.dropFirst("Connected to ".count).dropLast()),
                              elapsedMicroseconds: nil)
        }
        if text.hasPrefix("TLS started with cipher ") {
            // "TLSv1.3:TLS_AES_256_GCM_SHA384:256": version, cipher, bits.
            let parts = text.dropFirst("TLS started with cipher ".count).split(separator: ":")
            if !sawServerLine, let index = connectIndex, case .event(.connect(let url)) = entries[index].kind,
               url.hasPrefix("smtp://") {
                // TLS before the greeting: swaks --tlsc, implicit TLS.
                entries[index] = .event(.connect(url: "smtps://" + url.dropFirst("smtp://".count)))
            }
            return .tls(TranscriptTLS(version: parts.first.map(String.init) ?? "unknown",
                                      cipher: parts.dropFirst().first.map(String.init) ?? "unknown"))
        }
        if text.hasPrefix("TLS peer DN=\""), text.hasSuffix("\""),
           let index = entries.lastIndex(where: { if case .event(.tls) = $0.kind { true } else { false } }),
           case .event(.tls(var facts)) = entries[index].kind {
            facts.subject = String(text.dropFirst("TLS peer DN=\"".count).dropLast())
            entries[index] = .event(.tls(facts))
            return nil
        }
        if text.hasPrefix("Connection closed with remote host") {
            return .close(.server)
        }
        return .note("swaks: " + text)
    }
}
