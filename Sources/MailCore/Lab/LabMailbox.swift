/// One IMAP mailbox of one account: its messages in UID order, the next UID, and the UIDVALIDITY that makes the
/// UIDs meaningful (RFC 9051 §2.3.1.1).
public struct LabMailbox: Equatable, Sendable {
    public let name: String
    public let uidValidity: UInt32
    public private(set) var uidNext: UInt32 = 1
    /// Ascending by UID.
    public private(set) var messages: [LabMessage] = []
    /// Raised on every change; a message's `modificationSequence` is the value after its last change.
    public private(set) var highestModificationSequence: UInt64 = 0

    public init(name: String, uidValidity: UInt32) {
        self.name = name
        self.uidValidity = uidValidity
    }

    public var totalSize: Int { messages.reduce(0) { $0 + $1.size } }

    public func message(uid: UInt32) -> LabMessage? {
        index(of: uid).map { messages[$0] }
    }

    func index(of uid: UInt32) -> Int? {
        var low = 0
        var high = messages.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if messages[middle].uid == uid { return middle }
            if messages[middle].uid < uid { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    /// Adds a message with the next UID and returns that UID.
    @discardableResult
    public mutating func append(_ bytes: [UInt8], flags: LabFlags = LabFlags(), internalDate: Int64) -> UInt32 {
        let uid = uidNext
        uidNext += 1
        highestModificationSequence += 1
        messages.append(LabMessage(uid: uid, flags: flags, internalDate: internalDate, bytes: bytes,
                                   modificationSequence: highestModificationSequence))
        return uid
    }

    /// Changes one message's flags; false when the message is gone.
    @discardableResult
    public mutating func updateFlags(uid: UInt32, _ change: (inout LabFlags) -> Void) -> Bool {
        guard let index = index(of: uid) else { return false }
        let before = messages[index].flags
        change(&messages[index].flags)
        if messages[index].flags != before {
            highestModificationSequence += 1
            messages[index].modificationSequence = highestModificationSequence
        }
        return true
    }

    /// Removes messages for good (IMAP EXPUNGE, POP3's UPDATE state); returns the UIDs that were there.
    @discardableResult
    public mutating func remove(uids: Set<UInt32>) -> [UInt32] {
        let removed = messages.filter { uids.contains($0.uid) }.map(\.uid)
        if !removed.isEmpty {
            messages.removeAll { uids.contains($0.uid) }
            highestModificationSequence += 1
        }
        return removed
    }
}
