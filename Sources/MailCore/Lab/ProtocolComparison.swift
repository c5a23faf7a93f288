/// The same tasks in SMTP, IMAP and POP3, side by side: the commands, the replies the lab gives, and where a
/// protocol has no equivalent. `.compare` and `mailrepl compare` show it; docs/protocol-comparison.md is
/// generated from it (`mailrepl compare --markdown`), and the tests check that the replies are the lab's.
public enum ProtocolComparison {
    public enum Task: String, CaseIterable, Sendable {
        case connect, capabilities, tls, login, list, fetch, delete, logout

        public var title: String {
            switch self {
            case .connect: return "connect and greet"
            case .capabilities: return "ask for capabilities"
            case .tls: return "upgrade to TLS"
            case .login: return "log in"
            case .list: return "list messages"
            case .fetch: return "fetch one message"
            case .delete: return "delete a message"
            case .logout: return "log out"
            }
        }

        /// Finds a task by its name or a word of its title (`.compare fetch`, `.compare greet`).
        public init?(word: String) {
            let lowered = word.lowercased()
            guard let task = Task(rawValue: lowered)
                ?? Task.allCases.first(where: { $0.title.split(separator: " ").contains(Substring(lowered)) })
            else { return nil }
            self = task
        }
    }

    /// One protocol's way to do a task: an exchange (C: and S: lines) and a note, or no way at all.
    public struct Cell: Equatable, Sendable {
        /// `C: …` and `S: …` lines, in order; empty when the protocol has no equivalent.
        public var exchange: [String]
        public var note: String

        public init(_ exchange: [String], _ note: String) {
            self.exchange = exchange
            self.note = note
        }

        public var hasEquivalent: Bool { !exchange.isEmpty }
    }

    public struct Row: Equatable, Sendable {
        public var task: Task
        public var smtp: Cell
        public var imap: Cell
        public var pop3: Cell

        public func cell(_ mailProtocol: MailProtocol) -> Cell {
            switch mailProtocol {
            case .smtp: return smtp
            case .imap: return imap
            case .pop3: return pop3
            }
        }
    }

    public static func row(_ task: Task) -> Row {
        rows.first { $0.task == task } ?? rows[0]
    }

    public static let rows: [Row] = [
        Row(task: .connect,
            smtp: Cell(["S: 220 lab.test ESMTP mailrepl practice lab"],
                       "the server speaks first; 220 = ready (RFC 5321 §4.2). Ports 25, 587, 465"),
            imap: Cell(["S: * OK [CAPABILITY IMAP4rev1 ...] lab.test IMAP4rev1 practice lab ready"],
                       "untagged OK, often with the capabilities (RFC 3501 §7.1). Ports 143, 993"),
            pop3: Cell(["S: +OK lab.test POP3 practice lab ready"], "+OK (RFC 1939 §4). Ports 110, 995")),
        Row(task: .capabilities,
            smtp: Cell(["C: EHLO me.example", "S: 250-lab.test Hello me.example [127.0.0.1]", "S: 250-STARTTLS",
                        "S: 250 HELP"],
                       "EHLO names the client and lists extensions, one per line (RFC 5321 §4.1.1.1)"),
            imap: Cell(["C: a1 CAPABILITY", "S: * CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT STARTTLS AUTH=PLAIN",
                        "S: a1 OK CAPABILITY completed"],
                       "atoms on one untagged line (RFC 3501 §6.1.1)"),
            pop3: Cell(["C: CAPA", "S: +OK Capability list follows", "S: TOP", "S: STLS", "S: ."],
                       "one per line, ending with a lone '.' (RFC 2449 §5)")),
        Row(task: .tls,
            smtp: Cell(["C: STARTTLS", "S: 220 2.0.0 Ready to start TLS"],
                       "then the handshake, then EHLO again: what was said before TLS is forgotten (RFC 3207 §4.2)"),
            imap: Cell(["C: a2 STARTTLS", "S: a2 OK Begin TLS negotiation now"],
                       "then the handshake and CAPABILITY again (RFC 3501 §6.2.1)"),
            pop3: Cell(["C: STLS", "S: +OK Begin TLS negotiation"], "the command is STLS (RFC 2595 §4)")),
        Row(task: .login,
            smtp: Cell(["C: AUTH PLAIN AGFsaWNlQGxhYi50ZXN0AHdvbmRlcmxhbmQ=",
                        "S: 235 2.7.0 Authentication successful"],
                       "only to send through a server (submission); offered after TLS (RFC 4954)"),
            imap: Cell(["C: a3 LOGIN bob@lab.test builder", "S: a3 OK [CAPABILITY ...] Logged in"],
                       "or AUTHENTICATE PLAIN (RFC 3501 §6.2.2, §6.2.3)"),
            pop3: Cell(["C: USER bob@lab.test", "S: +OK", "C: PASS builder",
                        "S: +OK bob@lab.test's maildrop has 1 messages (450 octets)"],
                       "or AUTH (RFC 5034); the maildrop is locked while logged in (RFC 1939 §7, §8)")),
        Row(task: .list,
            smtp: Cell([], "SMTP cannot read mail: it only sends and relays (RFC 5321 §1)"),
            imap: Cell(["C: a4 SELECT INBOX", "S: * 1 EXISTS", "S: a4 OK [READ-WRITE] SELECT completed",
                        "C: a5 FETCH 1:* (FLAGS RFC822.SIZE)", "S: * 1 FETCH (FLAGS () RFC822.SIZE 450)",
                        "S: a5 OK FETCH completed"],
                       "folders (LIST shows them), then messages with their flags (RFC 3501 §6.3.1, §6.4.5)"),
            pop3: Cell(["C: LIST", "S: +OK 1 messages (450 octets)", "S: 1 450", "S: ."],
                       "one INBOX only: POP3 has no folders and no flags (RFC 1939 §5)")),
        Row(task: .fetch,
            smtp: Cell([], "no equivalent: SMTP cannot read mail"),
            imap: Cell(["C: a6 FETCH 1 BODY[]", "S: * 1 FETCH (BODY[] {450}", "S: (450 octets of message)",
                        "S:  FLAGS (\\Seen))", "S: a6 OK FETCH completed"],
                       "a literal {n} carries the bytes; the message stays on the server, now \\Seen "
                           + "(BODY.PEEK[] leaves the flag alone) (RFC 3501 §6.4.5)"),
            pop3: Cell(["C: RETR 1", "S: +OK 450 octets", "S: (the message, dot-stuffed)", "S: ."],
                       "a download; TOP 1 0 gets the header only (RFC 1939 §7)")),
        Row(task: .delete,
            smtp: Cell([], "no equivalent: SMTP holds no mailbox"),
            imap: Cell(["C: a7 STORE 1 +FLAGS (\\Deleted)", "S: * 1 FETCH (FLAGS (\\Deleted \\Seen))",
                        "S: a7 OK STORE completed", "C: a8 EXPUNGE", "S: * 1 EXPUNGE", "S: a8 OK EXPUNGE completed"],
                       "mark, then EXPUNGE removes; every device sees it (RFC 3501 §6.4.3, §6.4.6)"),
            pop3: Cell(["C: DELE 1", "S: +OK message 1 deleted"],
                       "only marked: removed at QUIT; a dropped connection deletes nothing (RFC 1939 §6)")),
        Row(task: .logout,
            smtp: Cell(["C: QUIT", "S: 221 2.0.0 Bye"], "the server closes (RFC 5321 §4.1.1.10)"),
            imap: Cell(["C: a9 LOGOUT", "S: * BYE lab.test IMAP4rev1 server logging out", "S: a9 OK LOGOUT completed"],
                       "BYE, then the tagged OK (RFC 3501 §6.1.3)"),
            pop3: Cell(["C: QUIT", "S: +OK lab.test POP3 server signing off (1 messages deleted, 0 left)"],
                       "the UPDATE state: now DELE'd messages go (RFC 1939 §6)")),
    ]

    /// The whole table as Markdown, for docs/protocol-comparison.md.
    public static func markdown() -> String {
        var text = """
            # SMTP, IMAP and POP3 side by side

            The same tasks in the three protocols, with the commands and the replies mailrepl's practice lab gives.
            Generated by `mailrepl compare --markdown` from the data behind `.compare`; the tests check that the two
            agree and that the lab really answers this way. Where a protocol has no equivalent, the cell says so.

            | task | SMTP | IMAP | POP3 |
            | --- | --- | --- | --- |

            """
        for row in rows {
            let cells = MailProtocol.allCases.map { markdownCell(row.cell($0)) }
            text += "| \(row.task.title) | " + cells.joined(separator: " | ") + " |\n"
        }
        text += """

            In a session, `.compare TASK` shows one row with its notes (`.compare fetch`); `.compare` alone shows all.
            The lab lets you type each of these yourself: `mailrepl` with no arguments, then `.connect imap`,
            `.connect pop3`. See also the [user guide](user-guide.md).

            """
        return text
    }

    private static func markdownCell(_ cell: Cell) -> String {
        let exchange = cell.exchange.map { "`" + $0.replacingLabCharacters(["|": "\\|"]) + "`" }
        let parts = (cell.hasEquivalent ? exchange.joined(separator: "<br>") + "<br>" : "**none**: ")
            + cell.note.replacingLabCharacters(["|": "\\|"])
        return parts
    }
}
