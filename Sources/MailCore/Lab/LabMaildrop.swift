/// Everything the lab stores: each account's mailboxes and the POP3 locks. A value type with no locking of its
/// own; the servers reach it through a `LabStore`, which serializes access.
public struct LabMaildrop: Equatable, Sendable {
    public enum Delivery: Equatable, Sendable {
        case delivered(uid: UInt32)
        case noSuchMailbox
        /// The lab's storage bound would be passed (SMTP 452 4.3.1, IMAP NO [OVERQUOTA]).
        case storageFull
    }

    public let accounts: [LabAccount]
    /// Bytes all mailboxes together may hold.
    public let storageLimit: Int
    /// Mailboxes of each account by address; INBOX first.
    private var mailboxes: [String: [LabMailbox]] = [:]
    private var pop3Locks: Set<String> = []
    private var nextUIDValidity: UInt32

    /// New mailboxes get UIDVALIDITY values counting up from `uidValidityBase` (the start time is a good base:
    /// a restarted lab then never reuses a value, RFC 9051 §2.3.1.1).
    public init(accounts: [LabAccount] = LabAccount.practiceAccounts, storageLimit: Int = 64 << 20,
                uidValidityBase: UInt32 = 1) {
        self.accounts = accounts
        self.storageLimit = storageLimit
        self.nextUIDValidity = max(uidValidityBase, 1)
        for account in accounts {
            for name in ["INBOX", "Sent", "Trash"] {
                _ = create(name, for: account.address)
            }
        }
    }

    public var storedBytes: Int {
        mailboxes.values.reduce(0) { total, list in total + list.reduce(0) { $0 + $1.totalSize } }
    }

    // MARK: - Mailboxes

    /// INBOX is case-insensitive; every other name is compared exactly (RFC 9051 §5.1).
    public static func canonicalName(_ name: String) -> String {
        name.uppercased() == "INBOX" ? "INBOX" : name
    }

    public func mailboxNames(of address: String) -> [String] {
        mailboxes[address]?.map(\.name) ?? []
    }

    public func mailbox(_ name: String, of address: String) -> LabMailbox? {
        let canonical = LabMaildrop.canonicalName(name)
        return mailboxes[address]?.first { $0.name == canonical }
    }

    /// Runs `change` on one mailbox; nil when there is no such mailbox.
    public mutating func modifyMailbox<Result>(
        _ name: String, of address: String, _ change: (inout LabMailbox) -> Result
    ) -> Result? {
        let canonical = LabMaildrop.canonicalName(name)
        guard let index = mailboxes[address]?.firstIndex(where: { $0.name == canonical }) else { return nil }
        return change(&mailboxes[address]![index])
    }

    /// False when the name exists already or is not acceptable.
    public mutating func create(_ name: String, for address: String) -> Bool {
        let canonical = LabMaildrop.canonicalName(name)
        guard !canonical.isEmpty, mailbox(canonical, of: address) == nil else { return false }
        mailboxes[address, default: []].append(LabMailbox(name: canonical, uidValidity: nextUIDValidity))
        nextUIDValidity &+= 1
        return true
    }

    /// INBOX cannot be deleted (RFC 9051 §6.3.4).
    public mutating func delete(_ name: String, of address: String) -> Bool {
        let canonical = LabMaildrop.canonicalName(name)
        guard canonical != "INBOX", mailbox(canonical, of: address) != nil else { return false }
        mailboxes[address]?.removeAll { $0.name == canonical }
        return true
    }

    // MARK: - Delivery

    /// Adds a message to a mailbox, within the storage bound.
    public mutating func append(_ bytes: [UInt8], to name: String, of address: String, flags: LabFlags = LabFlags(),
                                at date: Int64) -> Delivery {
        guard mailbox(name, of: address) != nil else { return .noSuchMailbox }
        guard storedBytes + bytes.count <= storageLimit else { return .storageFull }
        let uid = modifyMailbox(name, of: address) { $0.append(bytes, flags: flags, internalDate: date) }
        return uid.map { .delivered(uid: $0) } ?? .noSuchMailbox
    }

    // MARK: - POP3 maildrop lock (RFC 1939 §8: one POP3 session per maildrop)

    public mutating func lockForPOP3(_ address: String) -> Bool {
        pop3Locks.insert(address).inserted
    }

    public mutating func unlockForPOP3(_ address: String) {
        pop3Locks.remove(address)
    }
}
