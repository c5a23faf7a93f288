import MailCore
import MailNet

/// Long bodies at the prompt: the first lines of a literal or a POP3 multi-line response are shown, the rest fold
/// into a private spool (`BodyFolder`); `.body` shows the last folded body whole and `.fold N|off` sets how many
/// lines are shown. Only output through the line editor folds: script mode, pipes and transcripts get every line.
extension REPLController {
    /// Lines of each body shown at the prompt before the rest is folded (`--fold`, `.fold`); from the next body.
    public var foldLimit: FoldLimit {
        get { bodyFolder.limit }
        set { bodyFolder.limit = newValue }
    }

    /// The rendered lines of `event` as the screen gets them: folded only while the line editor shows them.
    func folding(_ lines: [String], of event: SessionEvent) -> [String] {
        guard output.editor != nil else { return lines }
        return bodyFolder.fold(lines, as: BodyEvent(event))
    }

    /// Removes the folded bodies and their private directory: the server's data is not left behind when the
    /// prompt ends.
    public func discardFoldedBodies() {
        bodyFolder.removeSpool()
    }

    /// `.fold` says how bodies are shown; `.fold N|off` changes it.
    func setFold(_ limit: FoldLimit?) {
        if let limit {
            bodyFolder.limit = limit
        }
        var text: String
        if let lines = bodyFolder.limit.lines {
            text = "bodies fold after \(lines) " + (lines == 1 ? "line" : "lines") + " at the prompt; "
                + ".fold off shows them whole"
        } else {
            text = "bodies are shown whole; .fold N folds them after N lines"
        }
        if !configuration.interactive {
            text += " (scripts always get every line)"
        } else if limit != nil && bodyFolder.isFolding {
            text += " (from the next body)"
        }
        output.write([palette.paint("* " + text, .own)])
    }

    /// `.body`: the last folded body whole, through $PAGER (else `less -R`), or above the prompt when no pager
    /// can be started.
    func showFoldedBody() {
        guard let folded = bodyFolder.lastFolded else {
            let text: String
            if bodyFolder.isFolding {
                text = "the body being received is folding; .body shows it once it has ended"
            } else if let lines = bodyFolder.limit.lines, configuration.interactive {
                text = "no body folded yet: bodies longer than \(lines) lines are folded at the prompt"
            } else {
                text = "no body folded: " + (configuration.interactive ? "folding is off (.fold N turns it on)"
                                                                       : "scripts get every line")
            }
            output.write([palette.paint("* " + text, .own)])
            return
        }
        guard let path = folded.path else {
            let reason = folded.problem.map { ": " + UserMessage.describe($0) } ?? ""
            output.write([palette.paint("! the folded lines of the last body were not kept" + reason, .warning)])
            return
        }
        if let editor = output.editor {
            editor.stop()
            defer { editor.start() }
            do {
                try BodyPager.show(path, command: BodyPager.environmentCommand)
                return
            } catch {
                output.write([palette.paint("! " + UserMessage.describe(error) + "; the body follows", .warning)])
            }
        }
        do {
            try BodyPager.forEachBlock(of: path) { output.write($0) }
        } catch {
            output.write([palette.paint("! " + UserMessage.describe(error), .warning)])
        }
    }
}
