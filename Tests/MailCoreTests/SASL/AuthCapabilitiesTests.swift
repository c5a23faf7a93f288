import Testing
@testable import MailCore

@Suite("Login methods and capabilities")
struct AuthCapabilitiesTests {
    /// Postfix's EHLO after STARTTLS (RFC 4954 §3), and an old server's AUTH= form.
    @Test func smtpAuthKeyword() {
        let capabilities = AuthCapabilities(["PIPELINING", "AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256",
                                             "AUTH=PLAIN LOGIN", "STARTTLS"], mailProtocol: .smtp)
        #expect(capabilities.mechanisms == ["PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256"])
        #expect(capabilities.startTLS)
        #expect(capabilities.preferredPasswordMechanism == .scramSHA256)
        #expect(capabilities.offers(.sasl(.xoauth2)) == false)
    }

    /// Dovecot's greeting on a connection without TLS (RFC 9051 §6.1.1, §6.2.3; RFC 4959; RFC 7888).
    @Test func imapAtoms() {
        let capabilities = AuthCapabilities(["IMAP4REV1", "SASL-IR", "LITERAL+", "STARTTLS", "LOGINDISABLED",
                                             "AUTH=CRAM-MD5", "AUTH=SCRAM-SHA-1"], mailProtocol: .imap)
        #expect(capabilities.mechanisms == ["CRAM-MD5", "SCRAM-SHA-1"])
        #expect(capabilities.loginDisabled && capabilities.initialResponse && capabilities.nonSynchronizingLiterals)
        #expect(capabilities.offers(.imapLogin) == false)
        #expect(capabilities.preferredPasswordMechanism == .scramSHA1)
    }

    /// A CAPA response (RFC 2449 §6, RFC 5034 §5).
    @Test func pop3SASLLine() {
        let capabilities = AuthCapabilities(["TOP", "USER", "SASL PLAIN SCRAM-SHA-256", "STLS"], mailProtocol: .pop3)
        #expect(capabilities.mechanisms == ["PLAIN", "SCRAM-SHA-256"])
        #expect(capabilities.userPass && capabilities.startTLS)
        #expect(capabilities.offers(.pop3UserPass) == true)
    }

    @Test func methodNames() {
        #expect(AuthMethod(name: "+login") == .imapLogin)
        #expect(AuthMethod(name: "login") == .sasl(.login))
        #expect(AuthMethod(name: "user") == .pop3UserPass)
        #expect(AuthMethod(name: "APOP") == .apop)
        #expect(AuthMethod(name: "digest-md5") == nil)
        #expect(AuthMethod.apop.exists(in: .pop3) && !AuthMethod.apop.exists(in: .imap))
        #expect(AuthMethod.sasl(.scramSHA1).commandName(in: .imap) == "AUTHENTICATE SCRAM-SHA-1")
    }

    /// RFC 9051 §9 astring: an atom when it can be, a quoted string with \" and \\ escaped, a literal for 8-bit.
    @Test func imapLoginArguments() throws {
        #expect(try IMAPLoginArguments.lines(user: "alice", password: "wonderland", nonSynchronizing: false)
                == [Array("LOGIN alice wonderland".utf8)])
        #expect(try IMAPLoginArguments.lines(user: "alice", password: #"won der"la\nd"#, nonSynchronizing: false)
                == [Array(#"LOGIN alice "won der\"la\\nd""#.utf8)])
        #expect(try IMAPLoginArguments.lines(user: "alice", password: "", nonSynchronizing: false)
                == [Array(#"LOGIN alice """#.utf8)])
        #expect(try IMAPLoginArguments.lines(user: "alice", password: "wönder", nonSynchronizing: false)
                == [Array("LOGIN alice {7}".utf8), Array("wönder".utf8)])
        #expect(try IMAPLoginArguments.lines(user: "jörg", password: "pw", nonSynchronizing: true)
                == [Array("LOGIN {5+}".utf8), Array("jörg pw".utf8)])
        #expect(throws: IMAPLoginArguments.Problem.unsendable(what: "the password")) {
            try IMAPLoginArguments.lines(user: "alice", password: "a\r\nb", nonSynchronizing: false)
        }
    }

    /// RFC 1939 §7: the timestamp is the greeting's msg-id.
    @Test func apopTimestamp() {
        let greeting = Array("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>".utf8)
        #expect(APOPDigest.timestamp(inGreeting: greeting) == Array("<1896.697170952@dbc.mtview.ca.us>".utf8))
        #expect(APOPDigest.timestamp(inGreeting: Array("+OK Dovecot (Debian) ready.".utf8)) == nil)
    }
}
