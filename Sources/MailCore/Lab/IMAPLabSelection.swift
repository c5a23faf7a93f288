/// What one IMAP session knows of its selected mailbox: the message numbers it has been told (each stands for a
/// UID) and how far it has heard of flag changes. Other sessions change the store freely; this view catches up
/// only where the protocol allows the server to say so (RFC 3501 §7.4.1, §5.2).
struct IMAPLabSelection: Equatable, Sendable {
    var mailbox: String
    var readOnly: Bool
    var uidValidity: UInt32
    /// Message sequence number n is `uids[n - 1]`.
    var uids: [UInt32]
    /// The mailbox's modification sequence this session has been told about.
    var synchronizedTo: UInt64
    /// Flag changes this session made itself and has already reported: UID → the change's sequence.
    var ownChanges: [UInt32: UInt64] = [:]
}

extension IMAPLabServer {
    /// Brings the session's view up to date and returns the untagged lines that say so: EXPUNGE for messages gone
    /// (only when `allowExpunge`: not during FETCH, STORE or SEARCH, whose message numbers would shift,
    /// RFC 3501 §7.4.1), EXISTS for new ones, FETCH FLAGS for flags another session changed.
    mutating func synchronize(allowExpunge: Bool) -> [String] {
        guard case .selected(let account, var selection) = state,
              let mailbox = context.store.withMaildrop({ $0.mailbox(selection.mailbox, of: account) }) else {
            return []
        }
        var lines: [String] = []
        let present = Set(mailbox.messages.map(\.uid))
        if allowExpunge {
            // Highest number first, so each number is still right when the client reads it.
            for index in selection.uids.indices.reversed() where !present.contains(selection.uids[index]) {
                lines.append("* \(index + 1) EXPUNGE")
                selection.uids.remove(at: index)
            }
        }
        let largestKnown = selection.uids.last ?? 0
        let arrived = mailbox.messages.filter { $0.uid > largestKnown }.map(\.uid)
        if !arrived.isEmpty {
            selection.uids += arrived
            lines.append("* \(selection.uids.count) EXISTS")
        }
        for message in mailbox.messages
        where message.uid <= largestKnown && message.modificationSequence > selection.synchronizedTo
            && selection.ownChanges[message.uid] != message.modificationSequence {
            if let index = selection.uids.firstIndex(of: message.uid) {
                lines.append("* \(index + 1) FETCH (FLAGS \(message.flags.imapList))")
            }
        }
        selection.synchronizedTo = mailbox.highestModificationSequence
        selection.ownChanges = [:]
        state = .selected(account: account, selection: selection)
        return lines
    }

    /// Remembers a flag change this session made and reported, so that `synchronize` does not report it again.
    mutating func noteOwnChange(_ message: LabMessage) {
        guard case .selected(let account, var selection) = state else { return }
        selection.ownChanges[message.uid] = message.modificationSequence
        state = .selected(account: account, selection: selection)
    }
}
