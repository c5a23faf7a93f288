import MailCore

extension LabTour {
    /// Ports 25, 587 and 465: one protocol, three ways to reach it.
    public static let ports = LabTour(
        name: "ports",
        title: "ports 25, 587 and 465, and what STARTTLS is",
        introduction: [
            "SMTP listens on three well-known ports. The lab runs all three (on free high ports): `.connect smtp`,",
            "`.connect submission` and `.connect smtps`. You are on the relay port, like 25.",
        ],
        startService: .smtp,
        steps: [
            Step(type: ["EHLO me.example"],
                 expect: .reply(.smtp, verb: "EHLO", succeeds: true, containing: "STARTTLS"),
                 explanation: [
                     "Port 25 is where servers hand mail to each other (RFC 5321 §4.5.4.2). It starts in plaintext",
                     "and offers STARTTLS: a command that turns this same connection into TLS (RFC 3207).",
                 ]),
            Step(type: [".connect submission"],
                 note: ["(the submission port, like 587: where mail programs hand in mail, RFC 6409)"],
                 expect: .greeting(.smtp),
                 explanation: ["Same protocol, same greeting; the rules differ."]),
            Step(type: ["EHLO me.example", "MAIL FROM:<alice@lab.test>"],
                 expect: .reply(.smtp, verb: "MAIL", succeeds: false, containing: "530"),
                 explanation: [
                     "530 5.7.0 Must issue a STARTTLS command first (RFC 3207 §4): on 587 nothing is sent before TLS",
                     "and a login. Typical cause of \"530\" in a mail program: STARTTLS switched off in its settings.",
                 ]),
            Step(type: [".connect smtps"],
                 note: ["(like 465: TLS from the first byte, RFC 8314)"],
                 expect: .greeting(.smtp),
                 explanation: [
                     "The TLS handshake came before the greeting (see the * TLS lines above). Implicit TLS: no",
                     "STARTTLS step to forget or to strip. A client set for STARTTLS on 465, or for TLS on 587,",
                     "hangs or fails the handshake: match the setting to the port.",
                 ]),
        ],
        conclusion: ["25: server to server; 587: your program, STARTTLS then AUTH; 465: the same, TLS from the start."])

    /// Why AUTH shows up only after STARTTLS.
    public static let starttls = LabTour(
        name: "starttls",
        title: "why AUTH appears only after STARTTLS",
        introduction: ["You are on the lab's relay port, in plaintext. Watch the EHLO answer before and after TLS."],
        startService: .smtp,
        steps: [
            Step(type: ["EHLO me.example"],
                 expect: .reply(.smtp, verb: "EHLO", succeeds: true, containing: "STARTTLS"),
                 explanation: ["No AUTH line: the server will not take a password over plaintext."]),
            Step(type: ["AUTH PLAIN"],
                 expect: .reply(.smtp, verb: "AUTH", succeeds: false, containing: "538"),
                 explanation: [
                     "538 5.7.11 Encryption required for requested authentication mechanism (RFC 4954 §6).",
                     "PLAIN carries the password in base64: anyone on the path could read it.",
                 ]),
            Step(type: [".starttls"],
                 note: ["(mailrepl sends STARTTLS, does the handshake, and says EHLO again)"],
                 expect: .reply(.smtp, verb: "EHLO", succeeds: true, containing: "AUTH"),
                 explanation: [
                     "Now AUTH PLAIN LOGIN is offered. After TLS the client must ask again, and forget what the",
                     "plaintext answer said (RFC 3207 §4.2): an attacker could have removed STARTTLS from it.",
                 ]),
            Step(type: ["AUTH PLAIN AGFsaWNlQGxhYi50ZXN0AHdvbmRlcmxhbmQ="],
                 note: ["(that is base64 of NUL alice@lab.test NUL wonderland, RFC 4616)"],
                 expect: .reply(.smtp, verb: "AUTH", succeeds: true, containing: "235"),
                 explanation: ["235 2.7.0 Authentication successful, over TLS."]),
        ],
        conclusion: [
            "\"AUTH not offered\" from a real server usually means: STARTTLS first. `.explain 538` and",
            "`.explain 5.7.11` say more.",
        ])
}
