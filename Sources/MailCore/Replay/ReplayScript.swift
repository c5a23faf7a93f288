/// The server side of a transcript as steps to play: for each connection, what to send, which client line to
/// wait for, where TLS starts and who closes.
///
/// Built by running the transcript through `TranscriptInterpreter`, so the script knows which server bytes are
/// lines (an IMAP tagged response whose tag follows the client's) and which are literal data (sent as they are),
/// and which client lines are commands (compared with the tolerances) and which are content.
public struct ReplayScript: Equatable, Sendable {
    public enum Step: Equatable, Sendable {
        /// Server bytes, in order; `transcriptLines` are the `S:` lines they come from.
        case send([ServerChunk], transcriptLines: [Int])
        /// Wait for this client line.
        case expect(ClientExpectation)
        /// The server's side of the TLS handshake (implicit TLS, or after a STARTTLS go-ahead).
        case startTLS(transcriptLine: Int?)
        /// The connection ends: the server closes, or waits for the client to.
        case close(byServer: Bool, transcriptLine: Int?)
    }

    /// Server bytes, and whether they are a line whose tag answers a client's (IMAP).
    public struct ServerChunk: Equatable, Sendable {
        public var bytes: [UInt8]
        /// The tag this line begins with, when it is an IMAP tagged response.
        public var tag: String?

        public init(bytes: [UInt8], tag: String? = nil) {
            self.bytes = bytes
            self.tag = tag
        }
    }

    public struct Connection: Equatable, Sendable {
        public var target: MailTarget?
        public var steps: [Step]
    }

    public var mailProtocol: MailProtocol
    public var connections: [Connection]

    /// Whether any connection starts TLS, so that the server needs a certificate.
    public var usesTLS: Bool {
        connections.contains { $0.steps.contains { if case .startTLS = $0 { true } else { false } } }
    }

    public init(_ transcript: Transcript, fallbackProtocol: MailProtocol? = nil) {
        mailProtocol = transcript.mailProtocol ?? fallbackProtocol ?? .smtp
        var builder = Builder(mailProtocol: mailProtocol)
        for (index, entry) in transcript.entries.enumerated() {
            builder.add(entry, line: transcript.lineNumber(of: index))
        }
        connections = builder.finish()
    }

    private struct Builder {
        let mailProtocol: MailProtocol
        var interpreter: TranscriptInterpreter
        var connections: [Connection] = []
        var steps: [Step] = []
        var target: MailTarget?
        var chunks: [ServerChunk] = []
        var chunkLines: [Int] = []
        var begun = false

        init(mailProtocol: MailProtocol) {
            self.mailProtocol = mailProtocol
            interpreter = TranscriptInterpreter(mailProtocol: mailProtocol)
        }

        mutating func add(_ entry: TranscriptEntry, line: Int?) {
            if interpreter.startTLSPending {
                if case .event(.tls) = entry.kind {} else {
                    // The go-ahead was given and the transcript goes on without saying how TLS went (RFC-style).
                    flushSend()
                    _ = interpreter.tlsStarted()
                    steps.append(.startTLS(transcriptLine: line))
                }
            }
            switch entry.kind {
            case .comment:
                break
            case .server(let serverLine):
                begun = true
                for item in interpreter.server(serverLine) {
                    switch item {
                    case .line(let received, let reception):
                        chunks.append(ServerChunk(bytes: received.wireBytes, tag: tag(of: received.bytes, reception)))
                    case .literal(let bytes, _):
                        chunks.append(ServerChunk(bytes: bytes))
                    case .lineTooLong:
                        break
                    }
                }
                if let line { chunkLines.append(line) }
            case .client(let clientLine):
                begun = true
                flushSend()
                let submission = interpreter.client(clientLine)
                let verb = submission.verb.flatMap { $0.isEmpty ? nil : $0 }
                let tag = submission.tag.flatMap { tag in
                    clientLine.shown.starts(with: Array((tag + " ").utf8)) ? tag : nil
                }
                steps.append(.expect(ClientExpectation(
                    line: clientLine, transcriptLine: line, verb: verb, tag: tag,
                    isClosingCommand: verb == "QUIT" || verb == "LOGOUT")))
            case .event(.connect(let url)):
                if begun {
                    endConnection(byServer: true, line: nil)
                }
                target = try? MailTargetParser.parse(url)
                interpreter.reset(mailProtocol: target?.mailProtocol ?? mailProtocol)
                begun = true
            case .event(.tls):
                flushSend()
                _ = interpreter.tlsStarted()
                steps.append(.startTLS(transcriptLine: line))
            case .event(.discarded(let bytes)):
                // Bytes after the go-ahead and before TLS: played as recorded, to test the client's defence.
                chunks.append(ServerChunk(bytes: bytes))
                if let line { chunkLines.append(line) }
            case .event(.close(let reason)):
                if reason == .client {
                    endConnection(byServer: false, line: line)
                } else {
                    endConnection(byServer: true, line: line)
                }
            case .event:
                break
            }
        }

        mutating func finish() -> [Connection] {
            if begun {
                endConnection(byServer: true, line: nil)
            }
            return connections
        }

        private mutating func endConnection(byServer: Bool, line: Int?) {
            for item in interpreter.finish() {
                if case .line(let received, let reception) = item {
                    chunks.append(ServerChunk(bytes: received.wireBytes, tag: tag(of: received.bytes, reception)))
                } else if case .literal(let bytes, _) = item {
                    chunks.append(ServerChunk(bytes: bytes))
                }
            }
            flushSend()
            steps.append(.close(byServer: byServer, transcriptLine: line))
            connections.append(Connection(target: target, steps: steps))
            steps = []
            begun = false
        }

        private mutating func flushSend() {
            let partial = interpreter.takePartialLine()
            if !partial.isEmpty {
                chunks.append(ServerChunk(bytes: partial))
            }
            guard !chunks.isEmpty else { return }
            steps.append(.send(chunks, transcriptLines: chunkLines))
            chunks = []
            chunkLines = []
        }

        /// The tag of an IMAP tagged response: the first word of a line that completes a command (RFC 9051
        /// §2.2.2), not the rest of a response after a literal.
        private func tag(of bytes: [UInt8], _ reception: Reception) -> String? {
            guard interpreter.dialect.mailProtocol == .imap, reception.completion != nil,
                  let first = bytes.split(separator: 32).first,
                  first != [UInt8(ascii: "*")][...], first.first != UInt8(ascii: "+") else { return nil }
            return String(decoding: first, as: UTF8.self)
        }
    }
}
