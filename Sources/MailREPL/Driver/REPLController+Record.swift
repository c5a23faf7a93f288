import MailCore
import MailNet

/// `--record FILE` and `.record FILE|off`: the session written to a transcript as it happens.
extension REPLController {
    /// Starts recording to `path`, a file that must not exist yet. Before the session opens (`--record`) the
    /// transcript begins with the connection; during it (`.record`) with where the session stands.
    @discardableResult
    public func startRecording(to path: String, note: String? = nil) -> Bool {
        if let current = recording, current.isRecording {
            recordingWarning("already recording to \(TerminalSafeText.escape(current.file.path)); "
                             + ".record off stops that first")
            fail(.scriptError)
            return false
        }
        let recorder: TranscriptRecorder
        do {
            recorder = try TranscriptRecorder(path: path, description: note,
                                              describeFailure: { UserMessage.describe($0) })
        } catch {
            recordingWarning(UserMessage.describe(error))
            fail(.scriptError)
            return false
        }
        recorder.onFailure = { [unowned self] error in
            self.recordingWarning(UserMessage.describe(error))
        }
        session.addReadObserver { [weak recorder] in
            recorder?.flush()
        }
        session.addObserver { [weak recorder] event in
            recorder?.record(event)
        }
        if session.isConnected {
            recorder.resume(target: session.target, connection: session.connection, tls: session.tlsSummary)
        }
        recording = recorder
        output.write([palette.paint("* recording to \(TerminalSafeText.escape(path)) (mode 0600); secrets are "
                                    + "written as \(Redaction.marker)", .own)])
        return true
    }

    /// Ends the recording, if one runs; the file keeps every line written so far.
    public func stopRecording() {
        guard let recorder = recording else { return }
        recorder.stop()
        recording = nil
        output.write([palette.paint("* recording stopped: \(TerminalSafeText.escape(recorder.file.path))", .own)])
    }

    func record(_ argument: String?) {
        switch argument {
        case nil:
            if let recorder = recording, recorder.isRecording {
                output.write([palette.paint("* recording to \(TerminalSafeText.escape(recorder.file.path))", .own)])
            } else {
                output.write([palette.paint("* not recording; .record FILE starts a transcript", .own)])
            }
        case "off":
            guard recording != nil else {
                output.write([palette.paint("* not recording", .own)])
                return
            }
            stopRecording()
        case let path?:
            startRecording(to: path)
        }
    }

    private func recordingWarning(_ text: String) {
        output.write([palette.paint("! " + text, .warning)])
    }
}
