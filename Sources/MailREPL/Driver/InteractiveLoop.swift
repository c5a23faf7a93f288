#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore
import MailNet

/// The prompt on a terminal: one thread polls the keyboard and the server together, so server output (an IDLE
/// update, a BYE, a time-out notice) appears at once and the half-typed line is redrawn under it.
public final class InteractiveLoop {
    let controller: REPLController
    let editor: LineEditor
    /// When the client began waiting for the server without hearing anything, for the time-out notice.
    private var waitingSince: ContinuousClock.Instant?
    private var timeoutReported = false
    private let completion: CompletionContext

    public init(controller: REPLController, historyFile: String?) {
        self.controller = controller
        self.editor = LineEditor(historyFile: historyFile)
        let completion = CompletionContext(mailProtocol: controller.session.target.mailProtocol,
                                           advertised: controller.annotator.advertised)
        self.completion = completion
        editor.completer = { line, word in completion.completions(line: line, word: word) }
    }

    public func run() -> ExitStatus {
        // Until the editor owns the screen, show each line at once: connecting can take seconds.
        controller.output.flushesEachWrite = true
        controller.output.write([controller.palette.paint(
            "* .help lists mailrepl's commands; other lines go to the server. Ctrl-D or .quit ends.", .own)])
        let connected = controller.connect()
        if !connected && controller.configuration.requireStartTLS {
            return controller.failure ?? .tlsFailed
        }
        controller.output.editor = editor
        var prompt = controller.prompt
        editor.setPrompt(paintPrompt(prompt))
        editor.start()
        defer {
            editor.stop()
            controller.output.editor = nil
            // Folded bodies are the server's data: they go when the prompt does (.quit, Ctrl-D, the loop's end).
            controller.discardFoldedBodies()
        }
        while true {
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: editor.interruptDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let server = controller.session.pollDescriptor
            // A Ctrl-R search reads keys inside libedit; server output must still end it and show at once.
            editor.wakeDescriptors = server.map { [$0] } ?? []
            if let server {
                descriptors.append(pollfd(fd: server, events: Int16(POLLIN), revents: 0))
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), pollTimeout())
            if ready < 0 && errno != EINTR {
                break
            }
            if descriptors[1].revents != 0 && editor.drainInterrupts() {
                editor.interrupt()
            }
            if editor.terminationRequested {
                // SIGHUP (the terminal went away) or SIGTERM: end now, without waiting for the server, so that
                // the history is saved, the recording closed and folded bodies removed on the way out.
                controller.output.write([controller.palette.paint(
                    "* asked to stop (SIGHUP or SIGTERM): closing the connection", .own)])
                controller.session.close()
                return .success
            }
            if controller.session.hasBufferedInput || (descriptors.count > 2 && descriptors[2].revents != 0) {
                controller.session.readAvailable()
                waitingSince = nil
                timeoutReported = false
            }
            if descriptors[0].revents != 0 {
                switch editor.handleReadable() {
                case .line(let text):
                    let mode = controller.session.dialect.inputMode
                    if !text.isEmpty && mode != .saslResponse && !isLiteralData(mode)
                        && !controller.wouldBeSecret(Array(text.utf8)) {
                        editor.addToHistory(text)
                    }
                    if controller.handle(Array(text.utf8)) == .quit {
                        return .success
                    }
                case .endOfFile:
                    controller.output.write([controller.palette.paint("* ending the session", .own)])
                    controller.session.quit()
                    return .success
                case nil:
                    break
                }
            }
            noteSilence()
            completion.mailProtocol = controller.session.target.mailProtocol
            completion.advertised = controller.annotator.advertised
            let current = controller.prompt
            if current != prompt {
                prompt = current
                editor.setPrompt(paintPrompt(prompt))
            }
        }
        return controller.failure ?? .success
    }

    private func isLiteralData(_ mode: InputMode) -> Bool {
        if case .literal = mode { return true }
        return false
    }

    /// How long poll may sleep: until the response time-out would pass, or forever when nothing is awaited.
    private func pollTimeout() -> Int32 {
        if controller.session.hasBufferedInput { return 0 }
        guard let since = waitingSince, !timeoutReported else {
            return controller.session.dialect.isAwaitingServer && controller.session.isConnected ? 1000 : -1
        }
        let left = since + controller.session.options.responseTimeout - ContinuousClock.now
        return max(0, Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
    }

    /// Says once when the server has been silent past the response time-out; the session stays open.
    private func noteSilence() {
        let session = controller.session
        guard session.isConnected, session.dialect.isAwaitingServer else {
            waitingSince = nil
            timeoutReported = false
            return
        }
        let now = ContinuousClock.now
        guard let since = waitingSince else {
            waitingSince = now
            return
        }
        if !timeoutReported && now - since >= session.options.responseTimeout {
            timeoutReported = true
            let seconds = UserMessage.format(Double(session.options.responseTimeout.components.seconds))
            controller.output.write([controller.palette.paint(
                "! no answer for \(seconds) s. Keep waiting, type another command, or .reconnect.", .warning)])
        }
    }

    private func paintPrompt(_ prompt: String) -> String {
        controller.palette.paint(prompt, .client)
    }
}
