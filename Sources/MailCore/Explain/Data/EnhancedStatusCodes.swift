/// The SMTP enhanced status codes `class.subject.detail` (RFC 3463 §2), with every row of the IANA "SMTP Enhanced
/// Status Codes" registry (RFC 5248) as seen on 2026-11-26, copied with the RFC in its "Reference" column.
enum EnhancedStatusCodes {
    static let structure = Citation(rfc: 3463, section: "2")

    /// The class digit (registry "Class Sub-Codes").
    static func classMeaning(_ digit: Int) -> (word: String, meaning: String)? {
        switch digit {
        case 2: return ("Success", "the action succeeded")
        case 4: return ("Temporary failure", "the message is valid but a passing condition stopped it; "
                            + "sending again later may work")
        case 5: return ("Permanent failure", "resending the same message unchanged will not work")
        default: return nil
        }
    }

    /// The subject digit (registry "Subject Sub-Codes").
    static func subjectMeaning(_ digit: Int) -> (word: String, meaning: String)? {
        switch digit {
        case 0: return ("other", "no more specific information is available")
        case 1: return ("addressing", "about the sender or recipient address")
        case 2: return ("mailbox", "about the recipient's mailbox")
        case 3: return ("mail system", "about the receiving mail system")
        case 4: return ("network/routing", "about the network or routing to the destination")
        case 5: return ("mail protocol", "about the SMTP conversation itself")
        case 6: return ("content/media", "about the message content or its format")
        case 7: return ("security/policy", "about security or policy")
        default: return nil
        }
    }

    static let table: [String: EnhancedStatusCodeEntry] = Dictionary(
        uniqueKeysWithValues: entries.map { ("\($0.subject).\($0.detail)", $0) })

    static let entries: [EnhancedStatusCodeEntry] = [
        .init(0, 0, "undefined status", "Only the class of the problem is known."),
        .init(1, 0, "other address status", "Something about an address caused this."),
        .init(1, 1, "bad destination mailbox address",
              "The mailbox does not exist: the part left of \"@\" is wrong."),
        .init(1, 2, "bad destination system address",
              "The destination system does not exist or cannot take mail: the part right of \"@\" is wrong."),
        .init(1, 3, "bad destination mailbox address syntax", "The recipient address is not well-formed."),
        .init(1, 4, "destination mailbox address ambiguous", "The address matches more than one recipient."),
        .init(1, 5, "destination address valid", "The recipient address is fine (a success report)."),
        .init(1, 6, "mailbox has moved, no forwarding address",
              "The address was once valid but no longer takes mail."),
        .init(1, 7, "bad sender's mailbox address syntax", "The sender address is not well-formed."),
        .init(1, 8, "bad sender's system address",
              "The sender's domain does not exist or cannot take returned mail."),
        .init(1, 9, "message relayed to a non-compliant mailer",
              "The address was valid, but the message went on to a system that does not speak this protocol.",
              rfc: [3886]),
        .init(1, 10, "recipient address has a null MX",
              "The recipient's domain says, with a null MX record, that it receives no mail.", rfc: [7505, 7504]),
        .init(2, 0, "other mailbox status", "The mailbox exists, but something about it caused this."),
        .init(2, 1, "mailbox disabled, not accepting messages",
              "The mailbox exists but takes no mail, for now or for good."),
        .init(2, 2, "mailbox full", "The recipient is over quota; deleting mail would make room."),
        .init(2, 3, "message longer than the mailbox's limit",
              "The message exceeds a per-mailbox size limit smaller than the system's."),
        .init(2, 4, "mailing list expansion problem", "The address is a mailing list that could not be expanded."),
        .init(3, 0, "other mail system status",
              "The destination normally accepts mail, but something about the system caused this."),
        .init(3, 1, "mail system full", "The receiving system has run out of storage."),
        .init(3, 2, "system not accepting network messages",
              "The host is not accepting messages (shutdown, overload, maintenance).", rfc: [3463, 7504]),
        .init(3, 3, "system not capable of selected features",
              "Features asked for the message are not supported by the destination."),
        .init(3, 4, "message too big for the system", "The message exceeds the per-message size limit."),
        .init(3, 5, "system incorrectly configured",
              "The system is not configured in a way that lets it accept this message."),
        .init(3, 6, "requested priority was changed",
              "Accepted, but not with the priority asked for; the text gives the new priority.", rfc: [6710]),
        .init(4, 0, "other network or routing status", "Something went wrong in the network; it is unclear what."),
        .init(4, 1, "no answer from host", "The outbound connection attempt was not answered."),
        .init(4, 2, "bad connection", "The connection was made but failed before the transaction completed."),
        .init(4, 3, "directory server failure",
              "A directory server (such as DNS) was unavailable, so the message could not be forwarded."),
        .init(4, 4, "unable to route", "The next hop could not be determined from the directory (e.g. DNS)."),
        .init(4, 5, "mail system congestion", "The mail system was too congested to deliver."),
        .init(4, 6, "routing loop detected", "The message was forwarded too many times."),
        .init(4, 7, "delivery time expired", "The message was too old to deliver."),
        .init(5, 0, "other protocol status", "Something went wrong with the delivery protocol."),
        .init(5, 1, "invalid command", "A command was out of sequence or not supported."),
        .init(5, 2, "syntax error", "A command could not be understood."),
        .init(5, 3, "too many recipients", "More recipients than the protocol could deliver in one go."),
        .init(5, 4, "invalid command arguments", "A valid command had arguments out of range or not supported."),
        .init(5, 5, "wrong protocol version", "The two sides could not agree on a protocol version."),
        .init(5, 6, "authentication exchange line too long",
              "An AUTH response was longer than the server's buffer for that mechanism.", rfc: [4954],
              section: "6"),
        .init(6, 0, "other media error", "Something about the content made the message undeliverable."),
        .init(6, 1, "media not supported", "The message's media type is not supported on the way."),
        .init(6, 2, "conversion required and prohibited",
              "The content must be converted to be delivered, but conversion is not allowed."),
        .init(6, 3, "conversion required but not supported",
              "The content must be converted, but no host on the way can do it (e.g. 8-bit to 7-bit)."),
        .init(6, 4, "conversion with loss performed", "Delivered, but a conversion lost some data."),
        .init(6, 5, "conversion failed", "A required conversion did not succeed."),
        .init(6, 6, "message content not available",
              "The content could not be fetched from a remote system (BURL).", rfc: [4468]),
        .init(6, 7, "non-ASCII address not allowed for this sender/recipient",
              "MAIL or RCPT used a non-ASCII address where it is not allowed.", rfc: [6531]),
        .init(6, 8, "UTF-8 reply required but not permitted by the client",
              "Showing the mailbox name needs UTF-8, which the client did not allow.", rfc: [6531]),
        .init(6, 9, "message with UTF-8 headers cannot reach some recipients",
              "The transaction failed after the final \".\" of DATA.", rfc: [6531]),
        .init(6, 10, "deprecated duplicate of X.6.8", "Registered by mistake; use X.6.8.", rfc: [6531]),
        .init(7, 0, "other security status",
              "Something security-related stopped the message, or policy forbids saying more."),
        .init(7, 1, "delivery not authorized, message refused",
              "The sender may not send to this destination (per-host or per-recipient filtering)."),
        .init(7, 2, "mailing list expansion prohibited", "The sender may not send to this mailing list."),
        .init(7, 3, "security conversion required but not possible",
              "Delivery needed converting between secure messaging protocols, which was impossible."),
        .init(7, 4, "security features not supported",
              "The message used security features the delivery protocol cannot support."),
        .init(7, 5, "cryptographic failure",
              "A system allowed to validate or decrypt the message could not (missing or invalid key)."),
        .init(7, 6, "cryptographic algorithm not supported",
              "A system allowed to validate or decrypt the message lacks the algorithm."),
        .init(7, 7, "message integrity failure", "The message was corrupted or altered and failed validation."),
        .init(7, 8, "authentication credentials invalid",
              "AUTH failed: the credentials are wrong or insufficient; ask the user for new ones.", rfc: [4954],
              section: "6"),
        .init(7, 9, "authentication mechanism too weak",
              "The chosen AUTH mechanism is weaker than the server allows for this user; use another.",
              rfc: [4954], section: "6"),
        .init(7, 10, "encryption needed",
              "This mechanism needs an encrypted connection (e.g. TLS) first, or a stronger mechanism.",
              rfc: [5248]),
        .init(7, 11, "this AUTH mechanism needs an encrypted connection",
              "The mechanism may only be used on an encrypted connection.", rfc: [4954], section: "6"),
        .init(7, 12, "password transition needed",
              "Log in once with PLAIN; the chosen mechanism should then work.", rfc: [4954], section: "6"),
        .init(7, 13, "user account disabled",
              "Authentication worked but the account is disabled; contact the administrator.", rfc: [5248]),
        .init(7, 14, "trust relationship required",
              "The submission server needs a configured trust with a third-party server to fetch the content.",
              rfc: [5248]),
        .init(7, 15, "priority level too low", "The message's priority is below what the server accepts now.",
              rfc: [6710]),
        .init(7, 16, "message too big for the specified priority",
              "At this priority the server only takes smaller messages.", rfc: [6710]),
        .init(7, 17, "mailbox owner has changed",
              "The recipient mailbox changed owner since the date the sender gave (RRVS).", rfc: [7293]),
        .init(7, 18, "domain owner has changed",
              "The recipient domain changed owner since the date the sender gave (RRVS).", rfc: [7293]),
        .init(7, 19, "RRVS test cannot be completed",
              "The server has no record to check the sender's RRVS date against.", rfc: [7293]),
        .init(7, 20, "no passing DKIM signature found", "The message had no valid DKIM signature.",
              rfc: [7372, 6376]),
        .init(7, 21, "no acceptable DKIM signature found",
              "The message had valid DKIM signatures, but none acceptable.", rfc: [7372, 6376]),
        .init(7, 22, "no valid author-matched DKIM signature found",
              "No valid DKIM signature matches the From address.", rfc: [7372, 6376]),
        .init(7, 23, "SPF validation failed", "The SPF check of the sender failed, against local policy.",
              rfc: [7372, 7208]),
        .init(7, 24, "SPF validation error", "Evaluating SPF for the message ended in an error.",
              rfc: [7372, 7208]),
        .init(7, 25, "reverse DNS validation failed", "The client's IP address failed a reverse DNS check.",
              rfc: [7372], section: "3.3"),
        .init(7, 26, "multiple authentication checks failed",
              "The message failed more than one authentication check (such as SPF and DKIM).", rfc: [7372]),
        .init(7, 27, "sender address has null MX",
              "The sender's domain says it receives no mail, so nothing could be returned to it.", rfc: [7505]),
        .init(7, 28, "mail flood detected",
              "The message looks like part of a flood of similar abusive messages. (Registered from an "
                  + "Internet-Draft, not an RFC.)", rfc: [5248]),
        .init(7, 29, "ARC validation failure", "The message failed ARC validation.", rfc: [8617]),
        .init(7, 30, "REQUIRETLS support required",
              "The message demands TLS all the way, and no next server supports REQUIRETLS.", rfc: [8689]),
    ]
}
