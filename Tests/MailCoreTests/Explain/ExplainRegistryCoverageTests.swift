import Testing
@testable import MailCore

/// Every entry of the registries the knowledge base claims to cover is explained. The lists are copied from the
/// registries' own text, not from the tables under test.
@Suite("Explain: registry coverage")
struct ExplainRegistryCoverageTests {
    /// RFC 5321 §4.2.3 "Reply Codes in Numeric Order", RFC 4954 §4 and §6, RFC 7504.
    @Test func smtpReplyCodes() {
        let rfc5321 = [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455,
                       500, 501, 502, 503, 504, 550, 551, 552, 553, 554, 555]
        let rfc4954 = [235, 334, 432, 454, 530, 534, 535, 538]
        let rfc7504 = [521, 556]
        for code in rfc5321 + rfc4954 + rfc7504 {
            let explanation = KnowledgeBase.smtpReply(code: code, after: "NOOP")
            expectExplained(explanation, "\(code)")
            #expect(explanation?.detail?.contains("No RFC defines") != true, "\(code) has no entry of its own")
        }
        #expect(KnowledgeBase.smtpReply(code: 250, after: nil)?.sources.contains(Citation(rfc: 5321,
                                                                                        section: "4.2.3")) == true)
    }

    /// https://www.iana.org/assignments/smtp-enhanced-status-codes/smtp-enhanced-status-codes.xhtml, table
    /// "Enumerated Status Codes" (registry last updated 2024-12-06), as seen 2026-11-26; Reference column in
    /// the comments where it is not RFC 3463.
    @Test func enhancedStatusCodes() {
        let registry = [
            "X.0.0", "X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6", "X.1.7", "X.1.8",
            "X.1.9",  // RFC 3886
            "X.1.10",  // RFC 7505, RFC 7504
            "X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4",
            "X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4", "X.3.5",
            "X.3.6",  // RFC 6710
            "X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6", "X.4.7",
            "X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5",
            "X.5.6",  // RFC 4954
            "X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5",
            "X.6.6",  // RFC 4468
            "X.6.7", "X.6.8", "X.6.9", "X.6.10",  // RFC 6531
            "X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6", "X.7.7",
            "X.7.8", "X.7.9",  // RFC 4954
            "X.7.10",  // RFC 5248
            "X.7.11", "X.7.12",  // RFC 4954
            "X.7.13", "X.7.14",  // RFC 5248
            "X.7.15", "X.7.16",  // RFC 6710
            "X.7.17", "X.7.18", "X.7.19",  // RFC 7293
            "X.7.20", "X.7.21", "X.7.22", "X.7.23", "X.7.24", "X.7.25", "X.7.26",  // RFC 7372
            "X.7.27",  // RFC 7505
            "X.7.28",  // draft-levine-mailbomb-header
            "X.7.29",  // RFC 8617
            "X.7.30",  // RFC 8689
        ]
        for code in registry {
            let explanation = KnowledgeBase.enhancedStatusCode(code)
            expectExplained(explanation, code)
            #expect(explanation?.summary.contains("not in the registry") == false, "\(code) missing")
            // Beyond RFC 3463 §2 (structure), the registry row itself is cited.
            #expect(explanation?.sources.contains { $0.registry != nil } == true, "\(code): no registry row")
            for classDigit in ["2", "4", "5"] {
                let full = classDigit + code.dropFirst()
                expectExplained(KnowledgeBase.enhancedStatusCode(full), full)
            }
        }
        // "Class Sub-Codes" and "Subject Sub-Codes" tables.
        for classDigit in [2, 4, 5] {
            #expect(EnhancedStatusCodes.classMeaning(classDigit) != nil)
        }
        for subject in 0...7 {
            #expect(EnhancedStatusCodes.subjectMeaning(subject) != nil)
        }
    }

    /// https://www.iana.org/assignments/imap-response-codes/imap-response-codes.xhtml (last updated 2024-11-26),
    /// as seen 2026-11-26.
    @Test func imapResponseCodes() {
        let registry = [
            "NEWNAME", "REFERRAL", "ALERT", "BADCHARSET", "PARSE", "PERMANENTFLAGS", "READ-ONLY", "READ-WRITE",
            "TRYCREATE", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "UNKNOWN-CTE", "UIDNOTSTICKY", "APPENDUID", "COPYUID",
            "URLMECH", "TOOBIG", "BADURL", "HIGHESTMODSEQ", "NOMODSEQ", "MODIFIED", "COMPRESSIONACTIVE", "CLOSED",
            "NOTSAVED", "BADCOMPARATOR", "ANNOTATE", "ANNOTATIONS", "TEMPFAIL", "MAXCONVERTMESSAGES",
            "MAXCONVERTPARTS", "NOUPDATE", "NOTIFICATIONOVERFLOW", "BADEVENT", "UNDEFINED-FILTER", "METADATA",
            "UNAVAILABLE", "AUTHENTICATIONFAILED", "AUTHORIZATIONFAILED", "EXPIRED", "PRIVACYREQUIRED",
            "CONTACTADMIN", "NOPERM", "INUSE", "EXPUNGEISSUED", "CORRUPTION", "SERVERBUG", "CLIENTBUG", "CANNOT",
            "LIMIT", "OVERQUOTA", "ALREADYEXISTS", "NONEXISTENT", "USEATTR", "MAILBOXID", "HASCHILDREN",
            "INPROGRESS", "UIDREQUIRED",
        ]
        for code in registry + ["CAPABILITY"] {
            expectExplained(KnowledgeBase.imapResponseCode(code), "[\(code)]")
            expectExplained(KnowledgeBase.imapResponseCode(code.lowercased()), "[\(code.lowercased())]")
        }
    }

    /// RFC 9051 §7 and RFC 3501 §7 responses, and the extension responses the brief lists.
    @Test func imapResponses() {
        let responses = ["OK", "NO", "BAD", "BYE", "PREAUTH", "CAPABILITY", "EXISTS", "RECENT", "EXPUNGE", "FETCH",
                         "FLAGS", "LIST", "LSUB", "STATUS", "SEARCH", "ESEARCH", "ENABLED", "VANISHED", "NAMESPACE",
                         "ID", "QUOTA", "QUOTAROOT", "+"]
        for response in responses {
            expectExplained(KnowledgeBase.imapResponse(response), response)
        }
    }

    /// https://www.iana.org/assignments/imap-capabilities/imap-capabilities.xhtml, 78 rows, as seen 2026-11-26
    /// (the "(OBSOLETE)" marks of the registry dropped from the names).
    @Test func imapCapabilities() {
        let registry = [
            "ACL", "ANNOTATE-EXPERIMENT-1", "APPENDLIMIT", "AUTH=", "BINARY", "CATENATE", "CHILDREN",
            "COMPRESS=DEFLATE", "CONDSTORE", "CONTEXT=SEARCH", "CONTEXT=SORT", "CONVERT", "CREATE-SPECIAL-USE",
            "ENABLE", "ESEARCH", "ESORT", "FILTERS", "I18NLEVEL=1", "I18NLEVEL=2", "ID", "IDLE", "IMAP4REV1",
            "IMAP4REV2", "IMAPSIEVE=", "INPROGRESS", "JMAPACCESS", "LANGUAGE", "LIST-EXTENDED", "LIST-METADATA",
            "LIST-MYRIGHTS", "LIST-STATUS", "LITERAL+", "LITERAL-", "LOGIN-REFERRALS", "LOGINDISABLED",
            "MAILBOX-REFERRALS", "MESSAGELIMIT=", "METADATA", "METADATA-SERVER", "MOVE", "MULTIAPPEND",
            "MULTISEARCH", "NAMESPACE", "NOTIFY", "OBJECTID", "PARTIAL", "PREVIEW", "QRESYNC", "QUOTA", "QUOTA=",
            "QUOTASET", "REPLACE", "RIGHTS=", "SASL-IR", "SAVEDATE", "SAVELIMIT=", "SEARCH=FUZZY", "SEARCHRES",
            "SORT", "SORT=DISPLAY", "SPECIAL-USE", "STARTTLS", "STATUS=SIZE", "THREAD", "UIDBATCHES", "UIDONLY",
            "UIDPLUS", "UNAUTHENTICATE", "UNSELECT", "URL-PARTIAL", "URLAUTH", "URLAUTH=BINARY", "UTF8=ACCEPT",
            "UTF8=ALL", "UTF8=APPEND", "UTF8=ONLY", "UTF8=USER", "WITHIN",
        ]
        #expect(registry.count == 78)
        for name in registry {
            expectExplained(KnowledgeBase.capability(name, in: .imap), name)
        }
        // As servers write them: with a value after "=".
        for name in ["AUTH=PLAIN", "AUTH=XOAUTH2", "THREAD=REFERENCES", "QUOTA=RES-STORAGE", "IMAPSIEVE=sieve://h",
                     "RIGHTS=texk", "APPENDLIMIT=35651584", "imap4rev1"] {
            expectExplained(KnowledgeBase.capability(name, in: .imap), name)
        }
    }

    /// https://www.iana.org/assignments/pop3-extension-mechanism/pop3-extension-mechanism.xhtml (last updated
    /// 2013-03-13), "POP3 Capabilities" and "POP3 Response Codes", as seen 2026-11-26.
    @Test func pop3Registries() {
        let capabilities = ["TOP", "USER", "SASL", "RESP-CODES", "LOGIN-DELAY", "PIPELINING", "EXPIRE", "UIDL",
                            "IMPLEMENTATION", "STLS", "AUTH-RESP-CODE", "UTF8", "LANG"]
        for tag in capabilities {
            expectExplained(KnowledgeBase.capability(tag, in: .pop3), tag)
        }
        let responseCodes = ["LOGIN-DELAY", "IN-USE", "SYS/PERM", "SYS/TEMP", "AUTH", "UTF8"]
        for code in responseCodes {
            expectExplained(KnowledgeBase.pop3ResponseCode(code), "[\(code)]")
        }
        for status in ["+OK", "-ERR", "+"] {
            expectExplained(KnowledgeBase.pop3Status(status, after: nil), status)
        }
    }

    /// https://www.iana.org/assignments/mail-parameters/mail-parameters.xhtml, "SMTP Service Extensions"
    /// (EHLO keywords), as seen 2026-11-26.
    @Test func smtpServiceExtensions() {
        let registry = ["SEND", "SOML", "SAML", "EXPN", "HELP", "TURN", "8BITMIME", "SIZE", "VERB", "ONEX",
                        "CHUNKING", "BINARYMIME", "CHECKPOINT", "DELIVERBY", "PIPELINING", "DSN", "ETRN",
                        "ENHANCEDSTATUSCODES", "STARTTLS", "NO-SOLICITING", "MTRK", "ATRN", "AUTH", "BURL",
                        "FUTURERELEASE", "CONPERM", "CONNEG", "SMTPUTF8", "MT-PRIORITY", "RRVS", "REQUIRETLS",
                        "LIMITS"]
        for keyword in registry + ["VRFY"] {
            expectExplained(KnowledgeBase.capability(keyword, in: .smtp), keyword)
        }
        for line in ["SIZE 35882577", "AUTH PLAIN LOGIN", "LIMITS RCPTMAX=100 MAILMAX=1000", "XCLIENT NAME ADDR"] {
            expectExplained(KnowledgeBase.capability(line, in: .smtp), line)
        }
    }
}
