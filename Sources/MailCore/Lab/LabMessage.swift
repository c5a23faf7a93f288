/// One message in a lab mailbox, as IMAP sees it: a UID, flags, the time it arrived, and its bytes (CRLF lines).
public struct LabMessage: Equatable, Sendable {
    /// Unique within the mailbox for its UIDVALIDITY, strictly ascending by arrival (RFC 9051 §2.3.1.1).
    public var uid: UInt32
    public var flags: LabFlags
    /// Seconds since 1970-01-01 UTC: IMAP's INTERNALDATE (RFC 9051 §2.3.3).
    public var internalDate: Int64
    public var bytes: [UInt8]
    /// The mailbox's change counter when this message last changed; sessions compare it to tell others' changes.
    public var modificationSequence: UInt64

    public init(uid: UInt32, flags: LabFlags, internalDate: Int64, bytes: [UInt8], modificationSequence: UInt64) {
        self.uid = uid
        self.flags = flags
        self.internalDate = internalDate
        self.bytes = bytes
        self.modificationSequence = modificationSequence
    }

    /// RFC822.SIZE and POP3's octet count: the message as sent, CRLF line ends included (RFC 1939 §5 LIST).
    public var size: Int { bytes.count }
}
