#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CEditLine
import CShims

/// The REPL's line editor: libedit's own editing (emacs keys, Up/Down history, Ctrl-R search, UTF-8) driven by
/// readiness, so one thread can poll the terminal and a server socket together and never sit in a read.
///
/// libedit runs in its unbuffered mode (EL_UNBUFFERED, editline(3)): each `el_wgets` call handles one key and
/// returns. Output that arrives while a line is half typed goes through `printAbove`, which lets libedit erase
/// what it drew, prints, and has libedit draw the prompt and the line again with the cursor where it was.
/// libedit's readline-compatible callback API is not used: there, `rl_redisplay` pushes a Ctrl-R keystroke and
/// lands in incremental search, and the cursor position cannot be set back.
///
/// Everything shown while the editor is started must go through `printAbove` (or `readSecret`); a plain `print`
/// would land in the middle of the prompt.
public final class LineEditor {
    /// Offers the candidates for Tab: the whole line and the word before the cursor. Candidates are shown as
    /// given, so they must be safe to print.
    public var completer: (@Sendable (_ line: String, _ word: String) -> [String])?

    /// Descriptors (such as the server socket) whose readiness ends a key read that would otherwise wait for the
    /// person: libedit reads the keys of a Ctrl-R search, or the rest of an Escape sequence, inside one call. The
    /// search is then cancelled, so the caller's loop can serve the descriptor.
    public var wakeDescriptors: [Int32] = []

    /// Readable after Ctrl-C or a window resize; put it in the poll set and call `drainInterrupts()`.
    public var interruptDescriptor: Int32 {
        signals.readDescriptor
    }

    /// The key sequence bound to `mr-redraw`; no terminal sends it. Pushed as input, it makes libedit bring the
    /// screen up to date with its line (see `hideDisplay`).
    private static let redrawBinding = "\\e[9999~"
    private static let redrawKeys = "\u{1B}[9999~"
    private static let keysPerCall = 256

    private let editLine: OpaquePointer
    private let history: CommandHistory
    private let historyFile: String?
    private let signals: SignalPipe
    private var prompt = MarkedPrompt("")
    private var promptCString: UnsafeMutablePointer<CChar>
    private var promptHidden = false
    private var state = State.stopped
    private var terminalBeforeStart: termios?
    private var inputEnded = false
    private var interruptPending = false
    private var resizePending = false
    /// SIGHUP or SIGTERM arrived: the caller should end the session and return.
    public private(set) var terminationRequested = false
    /// Set while the editor runs libedit for its own ends: a key read must then not wait for the person.
    private var mustNotWait = false
    /// Counts the characters read from the terminal, to tell whether a call to libedit consumed any.
    private var charactersRead = 0
    private var completionsToShow: [String]?

    private enum State {
        case stopped
        /// Raw mode, prompt on screen.
        case editing
        /// After end of input: raw mode off, no prompt, until `start()`.
        case ended
    }

    /// The line as libedit holds it, in characters (libedit's wide characters are Unicode scalars).
    private struct EditedLine: Equatable {
        var text: [Unicode.Scalar]
        var cursor: Int
    }

    /// Sets up libedit on standard input and output and loads the history file if there is one. Meant for a
    /// terminal: with standard input a pipe or a file, read lines as a script instead.
    /// - Parameters:
    ///   - historyFile: where lines are kept between sessions (written 0600); nil keeps them in memory only.
    ///   - historyLimit: how many lines are kept, in memory and in the file.
    public init(historyFile: String?, historyLimit: Int = 1000) {
        // Before el_init: libedit decides there whether the terminal speaks UTF-8.
        Self.useCharacterLocale()
        // el_init and history_init fail only when malloc does (an unknown terminal or a missing tty only
        // disables features), and Swift itself stops on that.
        guard let editLine = mr_el_init_stdio("mailrepl"), let history = CommandHistory(limit: historyLimit) else {
            preconditionFailure("libedit could not allocate its editor")
        }
        self.editLine = editLine
        self.history = history
        self.historyFile = historyFile
        signals = SignalPipe()
        promptCString = Self.cString(prompt.marked)
        if let historyFile {
            history.load(from: historyFile)
        }
        _ = mr_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        configure()
    }

    deinit {
        if state != .stopped {
            stop()
        }
        _ = mr_el_set_clientdata(editLine, nil)
        el_end(editLine)
        promptCString.deallocate()
    }

    // MARK: - Public operations

    /// The prompt; ANSI colour escapes in it are fine (they are marked so libedit does not count them as width).
    /// Changing it while a line is being typed redraws the line under the new prompt.
    public func setPrompt(_ text: String) {
        let next = MarkedPrompt(text)
        guard next != prompt else { return }
        let line = state == .editing ? currentLine() : nil
        if line != nil {
            hideDisplay()
        }
        prompt = next
        promptCString.deallocate()
        promptCString = Self.cString(next.marked)
        if let line {
            showDisplay(line)
        }
    }

    /// Puts the terminal in raw mode, catches Ctrl-C and resizes, and shows the prompt on a new line.
    public func start() {
        guard state != .editing else { return }
        if terminalBeforeStart == nil {
            var settings = termios()
            if tcgetattr(STDIN_FILENO, &settings) == 0 {
                terminalBeforeStart = settings
            }
        }
        signals.install()
        inputEnded = false
        promptHidden = false
        // Entering unbuffered mode is what makes libedit go raw, reset its line and draw the prompt.
        _ = mr_el_set_unbuffered(editLine, 1)
        state = .editing
    }

    /// Call when standard input is readable. Handles the keys that are there and says whether a line is done.
    /// After `.line` a fresh prompt is already shown; after `.endOfFile` stop polling standard input.
    public func handleReadable() -> LineEditorEvent? {
        guard state == .editing, Self.isReadable(STDIN_FILENO) else { return nil }
        // The first key is there. Keys already typed after it (a paste), and keys libedit pushed back to itself
        // (a search ended by Enter pushes the Enter), are handled too, without waiting for more; a limit keeps a
        // long paste from holding up the caller's other descriptors.
        for round in 0..<Self.keysPerCall {
            let before = currentLine()
            let charactersBefore = charactersRead
            mustNotWait = round > 0
            var count: Int32 = 0
            _ = el_wgets(editLine, &count)
            mustNotWait = false
            if inputEnded {
                return finishInput()
            }
            if let candidates = completionsToShow {
                completionsToShow = nil
                showCompletions(candidates)
            }
            let line = currentLine()
            // libedit ends an accepted line with "\n" (ed-newline), and in unbuffered mode reports Ctrl-D on an
            // empty line as a line holding only ^D (CC_EOF).
            if line.text.last == "\n" {
                let text = String(scalars: line.text.dropLast())
                beginLine()
                return .line(text)
            }
            if line.text == ["\u{04}"] {
                return finishInput()
            }
            if round > 0, charactersRead == charactersBefore, line == before {
                break
            }
        }
        return nil
    }

    /// Ctrl-C: the half-typed line stays on screen marked `^C`, and a new empty prompt appears under it.
    public func interrupt() {
        guard state == .editing else { return }
        let line = currentLine()
        hideDisplay()
        TerminalOutput.send(prompt.shown + String(scalars: line.text) + "^C\n")
        beginLine()
    }

    /// Prints `text` (one or more lines, already safe for the terminal) above the line being typed, which is
    /// then drawn again as it was, cursor included.
    public func printAbove(_ text: String) {
        let output = text.hasSuffix("\n") ? text : text + "\n"
        guard state == .editing else {
            TerminalOutput.send(output)
            return
        }
        let line = currentLine()
        hideDisplay()
        TerminalOutput.send(output)
        showDisplay(line)
    }

    /// Records a line for Up/Down and Ctrl-R. The caller decides what is recorded: secrets are not.
    public func addToHistory(_ line: String) {
        history.add(line)
    }

    /// Writes the history file (mode 0600, at most `historyLimit` lines). Nothing to do without a file.
    public func saveHistory() throws(HistoryFileError) {
        guard let historyFile else { return }
        try history.save(to: historyFile)
    }

    /// Takes the prompt off the screen, gives the terminal back as it was before `start()`, lets Ctrl-C and
    /// resizes go back to their previous handlers, and saves the history.
    /// - Returns: why the history could not be saved, if it could not.
    @discardableResult
    public func stop() -> HistoryFileError? {
        if state == .editing {
            hideDisplay()
        }
        if state != .stopped {
            _ = mr_el_set_unbuffered(editLine, 0)
        }
        if var settings = terminalBeforeStart {
            _ = tcsetattr(STDIN_FILENO, TCSADRAIN, &settings)
            terminalBeforeStart = nil
        }
        signals.uninstall()
        state = .stopped
        do {
            try saveHistory()
            return nil
        } catch {
            return error
        }
    }

    /// Reads a password with echo off. Ctrl-C, or Ctrl-D before anything is typed, gives nil. The line being
    /// edited, if any, is put back afterwards. This waits for Enter: the caller's loop is paused meanwhile.
    public func readSecret(prompt secretPrompt: String) -> String? {
        let line = state == .editing ? currentLine() : nil
        if line != nil {
            hideDisplay()
        }
        let secret = NoEchoInput.readLine(prompt: secretPrompt, descriptor: STDIN_FILENO, output: STDOUT_FILENO)
        if let line {
            showDisplay(line)
        }
        return secret
    }

    /// Call when `interruptDescriptor` is readable. Redraws for a new window size by itself.
    /// - Returns: true when Ctrl-C was pressed; the caller then usually calls `interrupt()`.
    public func drainInterrupts() -> Bool {
        let bytes = signals.drain()
        if bytes.contains(SignalPipe.terminateByte) {
            terminationRequested = true
        }
        let interrupted = interruptPending || bytes.contains(SignalPipe.interruptByte)
        interruptPending = false
        if resizePending || bytes.contains(SignalPipe.resizeByte) {
            resizePending = false
            adaptToWindowSize()
        }
        return interrupted
    }

    // MARK: - Display

    /// Draws a fresh prompt with an empty line, at the start of the current screen line.
    private func beginLine() {
        promptHidden = false
        // Leaving and re-entering unbuffered mode runs libedit's own line reset (text, history position,
        // search state) and draws the prompt.
        _ = mr_el_set_unbuffered(editLine, 0)
        _ = mr_el_set_unbuffered(editLine, 1)
    }

    /// After end of input: the cursor goes to a new line and the editor rests until `start()`.
    private func finishInput() -> LineEditorEvent {
        // libedit wrote "^D" after the prompt. The line is empty, so the prompt and the cursor share a row:
        // write the prompt over it alone and move on.
        TerminalOutput.send("\r\u{1B}[K" + prompt.shown + "\n")
        _ = mr_el_set_unbuffered(editLine, 0)
        state = .ended
        return .endOfFile
    }

    /// Erases the prompt and the line from the screen and leaves the cursor where the prompt began.
    ///
    /// Only libedit knows where it drew the line (which may wrap over several rows) and where the cursor is, and
    /// it exposes no call to erase it. So the line and the prompt are emptied, and `mr-redraw` (which answers
    /// CC_REFRESH) is pushed as input and run: libedit then updates the screen to an empty prompt and line,
    /// clearing every row it had used, and puts the cursor at the start.
    private func hideDisplay() {
        let line = currentLine()
        _ = el_cursor(editLine, Int32(line.text.count - line.cursor))
        el_deletestr(editLine, Int32(line.text.count))
        promptHidden = true
        el_push(editLine, Self.redrawKeys)
        mustNotWait = true
        var count: Int32 = 0
        _ = el_wgets(editLine, &count)
        mustNotWait = false
    }

    /// Puts the prompt and `line` back, starting at the cursor, which must be at the start of a screen line.
    private func showDisplay(_ line: EditedLine) {
        promptHidden = false
        if !line.text.isEmpty {
            var wide = line.text.map { wchar_t(bitPattern: $0.value) } + [0]
            _ = el_winsertstr(editLine, &wide)
            _ = el_cursor(editLine, Int32(line.cursor - line.text.count))
        }
        // EL_REFRESH forgets what libedit drew and draws it all anew from the cursor.
        _ = mr_el_refresh(editLine)
    }

    private func showCompletions(_ candidates: [String]) {
        let line = currentLine()
        var columns: Int32 = 80
        _ = mr_el_get_columns(editLine, &columns)
        let listing = TabCompletion.columns(candidates, width: Int(columns) - 1, displayWidth: Self.displayWidth)
        hideDisplay()
        TerminalOutput.send(prompt.shown + String(scalars: line.text) + "\n" + listing + "\n")
        showDisplay(line)
    }

    /// SIGWINCH: libedit learns the new size and draws the line again from the row where it starts.
    ///
    /// Which row that is depends on the terminal: one that reflows (tmux, VTE, kitty) has re-wrapped the line
    /// to the new width, one that does not has kept the old rows. Of the two, the editor climbs the fewer rows,
    /// so it never clears a row that held something else (server output above the prompt); at worst a piece
    /// of the old line stays above the new one.
    private func adaptToWindowSize() {
        var oldColumns: Int32 = 0
        _ = mr_el_get_columns(editLine, &oldColumns)
        el_resize(editLine)
        guard state == .editing else { return }
        var newColumns: Int32 = 0
        _ = mr_el_get_columns(editLine, &newColumns)
        let line = currentLine()
        let offset = Self.displayWidth(prompt.visible) + Self.displayWidth(String(scalars: line.text[..<line.cursor]))
        let rows = min(offset / max(1, Int(oldColumns)), offset / max(1, Int(newColumns)))
        TerminalOutput.send("\r" + (rows > 0 ? "\u{1B}[\(rows)A" : "") + "\u{1B}[J")
        _ = mr_el_refresh(editLine)
    }

    private func currentLine() -> EditedLine {
        guard let info = el_wline(editLine)?.pointee,
              let buffer = info.buffer, let last = info.lastchar, let cursor = info.cursor
        else {
            return EditedLine(text: [], cursor: 0)
        }
        let text = (0..<(last - buffer)).map { Unicode.Scalar(UInt32(bitPattern: buffer[$0])) ?? "\u{FFFD}" }
        return EditedLine(text: text, cursor: cursor - buffer)
    }

    // MARK: - Callbacks from libedit

    private func configure() {
        _ = mr_el_set_editor(editLine, "emacs")
        // libedit's own handlers would re-raise Ctrl-C to the whole process group; the self-pipe replaces them.
        _ = mr_el_set_signal(editLine, 0)
        _ = mr_el_set_prompt_esc(editLine, { el in
            LineEditor.editor(el)?.promptForLibedit ?? LineEditor.noPrompt
        }, CChar(bitPattern: MarkedPrompt.marker))
        _ = mr_el_set_history(editLine, history.list)
        _ = mr_el_set_getcfn(editLine, { el, character in
            guard let editor = LineEditor.editor(el), let character else { return -1 }
            return editor.readCharacter(into: character)
        })
        _ = mr_el_addfn(editLine, "mr-complete", "Complete the word before the cursor", { el, _ in
            LineEditor.editor(el)?.completeWord() ?? UInt8(CC_ERROR)
        })
        _ = mr_el_addfn(editLine, "mr-redraw", "Bring the screen up to date with the line", { _, _ in
            UInt8(CC_REFRESH)
        })
        let bindings: [(keys: String, command: String)] = [
            ("^I", "mr-complete"),
            // libedit's emacs map has Ctrl-R as redisplay; readline users expect reverse search there.
            ("^R", "em-inc-search-prev"),
            // Home, End and Delete as xterm, tmux and the Linux console send them.
            ("\\e[H", "ed-move-to-beg"), ("\\e[F", "ed-move-to-end"),
            ("\\eOH", "ed-move-to-beg"), ("\\eOF", "ed-move-to-end"),
            ("\\e[1~", "ed-move-to-beg"), ("\\e[4~", "ed-move-to-end"),
            ("\\e[7~", "ed-move-to-beg"), ("\\e[8~", "ed-move-to-end"),
            ("\\e[3~", "ed-delete-next-char"),
            // Ctrl-Left and Ctrl-Right move by words.
            ("\\e[1;5C", "em-next-word"), ("\\e[1;5D", "ed-prev-word"),
        ]
        for binding in bindings {
            _ = mr_el_bind(editLine, binding.keys, binding.command)
        }
        // The person's ~/.editrc (or $EDITRC) may change any of the above, as in every libedit program.
        _ = el_source(editLine, nil)
        _ = mr_el_bind(editLine, Self.redrawBinding, "mr-redraw")
    }

    private static func editor(_ el: OpaquePointer?) -> LineEditor? {
        guard let el, let data = mr_el_get_clientdata(el) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    /// An empty C string for libedit, which never writes to the prompt it is given.
    private static var noPrompt: UnsafeMutablePointer<CChar> {
        UnsafeMutableRawPointer(mutating: StaticString("").utf8Start).assumingMemoryBound(to: CChar.self)
    }

    private var promptForLibedit: UnsafeMutablePointer<CChar> {
        promptHidden ? Self.noPrompt : promptCString
    }

    /// Tab: asks the completer, then completes, lists (after this key is done), or rings the bell.
    private func completeWord() -> UInt8 {
        guard let completer else { return UInt8(CC_ERROR) }
        let line = currentLine()
        let wordStart = line.text[..<line.cursor].lastIndex { $0.properties.isWhitespace }.map { $0 + 1 } ?? 0
        let word = String(scalars: line.text[wordStart..<line.cursor])
        switch TabCompletion(word: word, candidates: completer(String(scalars: line.text), word)) {
        case .nothing:
            return UInt8(CC_ERROR)
        case .replaceWord(let replacement):
            el_deletestr(editLine, Int32(line.cursor - wordStart))
            var wide = replacement.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
            _ = el_winsertstr(editLine, &wide)
            return UInt8(CC_REFRESH)
        case .list(let candidates):
            completionsToShow = candidates
            return UInt8(CC_NORM)
        }
    }

    /// libedit's EL_GETCFN: one character from the terminal, decoded by the locale. Returns 1 with a character,
    /// 0 at end of input, -1 when there is nothing to read and waiting is not allowed.
    private func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        var pending: [CChar] = []
        while true {
            // The rest of a UTF-8 sequence is always waited for: it was sent together with its first byte.
            switch nextByte(mayWait: !mustNotWait || !pending.isEmpty) {
            case .byte(let byte):
                pending.append(CChar(bitPattern: byte))
                var shift = mbstate_t()
                var decoded: wchar_t = 0
                let used = pending.withUnsafeBufferPointer { bytes in
                    mbrtowc(&decoded, bytes.baseAddress, bytes.count, &shift)
                }
                if used == -2, pending.count < 8 {
                    continue  // an incomplete UTF-8 sequence: its other bytes come with it
                }
                if used < 0 {
                    pending.removeAll()  // not a character in this locale: dropped, as libedit does
                    continue
                }
                character.pointee = decoded
                charactersRead += 1
                return 1
            case .cancel:
                // During an incremental search libedit shows the pattern after a "\n" in its buffer; Escape ends
                // the search and keeps the line found (Ctrl-G would abort, and after an earlier failed search
                // libedit then accepts an empty line). Elsewhere Ctrl-G drops a half-typed key sequence.
                character.pointee = currentLine().text.contains("\n") ? 0x1B : 0x07
                return 1
            case .endOfInput:
                inputEnded = true
                character.pointee = 0
                return 0
            case .nothing:
                character.pointee = 0
                return -1
            }
        }
    }

    private enum ByteRead {
        case byte(UInt8)
        case cancel
        case endOfInput
        case nothing
    }

    /// The next byte of input. When the editor may wait (the person's next key inside a search, the rest of an
    /// Escape sequence), Ctrl-C and the wake descriptors are watched too and cancel the wait.
    private func nextByte(mayWait: Bool) -> ByteRead {
        var watchSignals = mayWait
        while true {
            var entries = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            if watchSignals {
                entries.append(pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0))
            }
            if mayWait {
                entries += wakeDescriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            }
            let ready = poll(&entries, nfds_t(entries.count), mayWait ? -1 : 0)
            if ready < 0 {
                if errno == EINTR {
                    continue
                }
                return .endOfInput
            }
            if ready == 0 {
                return .nothing
            }
            if entries[0].revents != 0 {
                var byte: UInt8 = 0
                let count = read(STDIN_FILENO, &byte, 1)
                if count == 1 {
                    return .byte(byte)
                }
                if count < 0, errno == EINTR || errno == EAGAIN {
                    continue
                }
                return .endOfInput
            }
            if watchSignals, entries[1].revents != 0 {
                // Note what came and put it back for the caller's loop, which must still see the pipe readable.
                let bytes = signals.drain()
                watchSignals = false
                if bytes.contains(SignalPipe.resizeByte) {
                    resizePending = true
                    signals.post(SignalPipe.resizeByte)
                }
                if bytes.contains(SignalPipe.terminateByte) {
                    signals.post(SignalPipe.terminateByte)
                    return .cancel
                }
                if bytes.contains(SignalPipe.interruptByte) {
                    interruptPending = true
                    signals.post(SignalPipe.interruptByte)
                    return .cancel
                }
                continue
            }
            return .cancel
        }
    }

    // MARK: - Helpers

    /// libedit edits characters, not bytes, only under a UTF-8 locale (it decodes input with mbrtowc and
    /// measures with wcwidth). The person's locale is used as set; with none set at all (the "C" locale of many
    /// containers and ssh sessions) the character type falls back to C.UTF-8, as Python does (PEP 538).
    private static func useCharacterLocale() {
        _ = setlocale(LC_ALL, "")
        guard let current = setlocale(LC_CTYPE, nil) else { return }
        let name = String(cString: current)
        if name == "C" || name == "POSIX" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    private static func isReadable(_ descriptor: Int32) -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }

    private static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            total + max(0, Int(mr_wcwidth(wchar_t(bitPattern: scalar.value))))
        }
    }

    private static func cString(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar> {
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (index, byte) in bytes.enumerated() {
            storage[index] = CChar(bitPattern: byte)
        }
        storage[bytes.count] = 0
        return storage
    }
}

extension String {
    fileprivate init<S: Sequence>(scalars: S) where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self.init(view)
    }
}
