/// FETCH, STORE, SEARCH, COPY and EXPUNGE, by message number or by UID (RFC 3501 §6.4).
extension IMAPLabServer {
    mutating func messageCommand(tag: String, name: String, arguments: [IMAPLabToken], byUID: Bool) -> LabResponse {
        let command = (byUID ? "UID " : "") + name
        var lines = synchronize(allowExpunge: byUID)
        guard case .selected(let account, let selection) = state,
              let mailbox = context.store.withMaildrop({ $0.mailbox(selection.mailbox, of: account) }) else {
            return refuse("\(tag) NO Mailbox is gone")
        }
        if name == "SEARCH" {
            guard let key = IMAPLabSearch.parse(arguments) else {
                return refuse("\(tag) BAD Syntax error in SEARCH criteria (see RFC 3501 §6.4.4)")
            }
            var found: [String] = []
            for (index, uid) in selection.uids.enumerated() {
                guard let message = mailbox.message(uid: uid) else { continue }
                if key.matches(message, number: UInt32(index + 1), count: UInt32(selection.uids.count),
                               largestUID: selection.uids.last ?? 0) {
                    found.append(byUID ? "\(uid)" : "\(index + 1)")
                }
            }
            lines.append((["* SEARCH"] + found).joined(separator: " "))
            return LabResponse(lines: lines + ["\(tag) OK \(command) completed"])
        }
        guard let setText = arguments.first?.atom, let set = IMAPSequenceSet(setText) else {
            return refuse("\(tag) BAD Syntax: \(command) sequence-set ...")
        }
        if !byUID && set.largestNamed > UInt32(selection.uids.count) {
            return refuse("\(tag) BAD Message number out of range: the mailbox has \(selection.uids.count) messages")
        }
        let targets: [(number: Int, uid: UInt32)] = selection.uids.enumerated().compactMap { index, uid in
            let chosen = byUID ? set.contains(uid, largest: selection.uids.last ?? 0)
                               : set.contains(UInt32(index + 1), largest: UInt32(selection.uids.count))
            return chosen ? (index + 1, uid) : nil
        }
        let rest = Array(arguments.dropFirst())
        switch name {
        case "FETCH":
            return fetch(tag: tag, command: command, targets: targets, items: rest, byUID: byUID, account: account,
                         selection: selection, lead: lines)
        case "STORE":
            return store(tag: tag, command: command, targets: targets, arguments: rest, byUID: byUID,
                         account: account, selection: selection, lead: lines)
        default:
            return copy(tag: tag, command: command, targets: targets, arguments: rest, account: account,
                        selection: selection, lead: lines)
        }
    }

    // MARK: - FETCH

    private mutating func fetch(tag: String, command: String, targets: [(number: Int, uid: UInt32)],
                                items tokens: [IMAPLabToken], byUID: Bool, account: String,
                                selection: IMAPLabSelection, lead: [String]) -> LabResponse {
        guard var items = IMAPLabFetchItem.parse(tokens) else {
            return refuse("\(tag) BAD Syntax error in FETCH items (see RFC 3501 §6.4.5)")
        }
        if byUID && !items.contains(.uid) {
            items.insert(.uid, at: 0)   // RFC 3501 §6.4.8: UID FETCH always includes the UID
        }
        let setsSeen = !selection.readOnly && items.contains { $0.setsSeen }
        var response = LabResponse(lines: lead)
        for target in targets {
            let message: LabMessage? = context.store.withMaildrop { maildrop in
                if setsSeen {
                    _ = maildrop.modifyMailbox(selection.mailbox, of: account) { mailbox in
                        mailbox.updateFlags(uid: target.uid) { $0.insert(LabFlags.seen) }
                    }
                }
                return maildrop.mailbox(selection.mailbox, of: account)?.message(uid: target.uid)
            }
            // A message another session expunged, not yet announced: nothing to say about it (RFC 2180 §4.1.2).
            guard let message else { continue }
            if setsSeen {
                noteOwnChange(message)
            }
            var fetchItems = items
            if setsSeen && !items.contains(.flags) {
                fetchItems.append(.flags)   // RFC 3501 §6.4.5: the implicit \Seen change is reported
            }
            var bytes = Array("* \(target.number) FETCH (".utf8)
            for (position, item) in fetchItems.enumerated() {
                if position > 0 {
                    bytes.append(UInt8(ascii: " "))
                }
                bytes += item.render(message)
            }
            bytes += Array(")\r\n".utf8)
            response.bytes += bytes
        }
        return response + LabResponse(lines: ["\(tag) OK \(command) completed"])
    }

    // MARK: - STORE

    private mutating func store(tag: String, command: String, targets: [(number: Int, uid: UInt32)],
                                arguments: [IMAPLabToken], byUID: Bool, account: String,
                                selection: IMAPLabSelection, lead: [String]) -> LabResponse {
        guard arguments.count >= 2, let item = arguments[0].atom?.uppercased(),
              let names = Array(arguments.dropFirst()).flagNames() else {
            return refuse("\(tag) BAD Syntax: \(command) sequence-set [+|-]FLAGS[.SILENT] (flags)")
        }
        let silent = item.hasSuffix(".SILENT")
        let operation = silent ? String(item.dropLast(7)) : item
        guard ["FLAGS", "+FLAGS", "-FLAGS"].contains(operation) else {
            return refuse("\(tag) BAD Unknown STORE item \(item)")
        }
        guard !selection.readOnly else {
            return refuse("\(tag) NO Mailbox is read-only (EXAMINE): SELECT it to change flags")
        }
        var lines = lead
        for target in targets {
            let changed: LabMessage? = context.store.withMaildrop { maildrop in
                maildrop.modifyMailbox(selection.mailbox, of: account) { mailbox -> LabMessage? in
                    mailbox.updateFlags(uid: target.uid) { flags in
                        switch operation {
                        case "FLAGS":
                            flags = LabFlags(names)
                        case "+FLAGS":
                            names.forEach { flags.insert($0) }
                        default:
                            names.forEach { flags.remove($0) }
                        }
                    }
                    return mailbox.message(uid: target.uid)
                } ?? nil
            }
            guard let changed else { continue }
            // A silent STORE is still a change this session knows of (RFC 3501 §6.4.6).
            noteOwnChange(changed)
            let flags = changed.flags
            if !silent {
                let uidPart = byUID ? "UID \(target.uid) " : ""
                lines.append("* \(target.number) FETCH (\(uidPart)FLAGS \(flags.imapList))")
            }
        }
        return LabResponse(lines: lines + ["\(tag) OK \(command) completed"])
    }

    // MARK: - COPY

    private mutating func copy(tag: String, command: String, targets: [(number: Int, uid: UInt32)],
                               arguments: [IMAPLabToken], account: String, selection: IMAPLabSelection,
                               lead: [String]) -> LabResponse {
        guard arguments.count == 1, let destination = arguments[0].string else {
            return refuse("\(tag) BAD Syntax: \(command) sequence-set mailbox")
        }
        let outcome: LabMaildrop.Delivery = context.store.withMaildrop { maildrop in
            guard maildrop.mailbox(destination, of: account) != nil else { return .noSuchMailbox }
            let messages = targets.compactMap { maildrop.mailbox(selection.mailbox, of: account)?.message(uid: $0.uid) }
            for message in messages {
                let result = maildrop.append(message.bytes, to: destination, of: account, flags: message.flags,
                                             at: message.internalDate)
                guard case .delivered = result else { return result }
            }
            return .delivered(uid: 0)
        }
        switch outcome {
        case .delivered:
            return LabResponse(lines: lead + ["\(tag) OK \(command) completed"])
        case .noSuchMailbox:
            return refuse("\(tag) NO [TRYCREATE] Mailbox doesn't exist: \(destination)")
        case .storageFull:
            return refuse("\(tag) NO [OVERQUOTA] The practice lab's storage is full")
        }
    }

    // MARK: - EXPUNGE

    mutating func expunge(tag: String) -> LabResponse {
        var lines = synchronize(allowExpunge: true)
        guard case .selected(let account, var selection) = state else { return LabResponse() }
        guard !selection.readOnly else {
            return refuse("\(tag) NO Mailbox is read-only (EXAMINE): nothing can be expunged")
        }
        let removed = context.store.withMaildrop { maildrop in
            maildrop.modifyMailbox(selection.mailbox, of: account) { mailbox in
                mailbox.remove(uids: Set(mailbox.messages.filter { $0.flags.contains(LabFlags.deleted) }.map(\.uid)))
            } ?? []
        }
        let gone = Set(removed)
        for index in selection.uids.indices.reversed() where gone.contains(selection.uids[index]) {
            lines.append("* \(index + 1) EXPUNGE")
            selection.uids.remove(at: index)
        }
        if let mailbox = context.store.withMaildrop({ $0.mailbox(selection.mailbox, of: account) }) {
            selection.synchronizedTo = mailbox.highestModificationSequence
        }
        state = .selected(account: account, selection: selection)
        return LabResponse(lines: lines + ["\(tag) OK EXPUNGE completed"])
    }
}
