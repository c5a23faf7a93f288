import MailCore

/// The knowledge base in the session: `.explain`, and the warnings before a risky line is sent.
extension REPLController {
    /// `.explain` alone says the level; `.explain off|brief|full` sets it; `.explain X` explains X.
    func runExplain(_ argument: String?) {
        guard let argument, !argument.isEmpty else {
            output.write([palette.paint("* explanations: \(annotator.level.rawValue). .explain off|brief|full sets "
                                        + "the level; .explain X explains a code, a capability or a command.", .own)])
            return
        }
        if let level = ExplanationLevel(word: argument) {
            annotator.level = level
            output.write([palette.paint("* explanations: \(level.rawValue)", .own)])
            return
        }
        guard let lines = ExplainReport.lines(for: argument, preferring: session.target.mailProtocol) else {
            output.write([palette.paint("! " + ExplainReport.suggestion(for: argument), .warning)])
            return
        }
        output.write(lines)
    }

    /// The answer to "send it without TLS?": Enter or y sends the held line; anything else drops it and is then
    /// handled as usual (n or no only drops it). Nil when no line waits for an answer.
    func answerConfirmation(_ line: [UInt8]) -> Flow? {
        guard submissionGuard.isAwaitingConfirmation, let held = submissionGuard.takeHeld() else { return nil }
        if SubmissionGuard.isYes(line) {
            do {
                try session.enter(held)
            } catch {
                report(error)
            }
            return .proceed
        }
        output.write([palette.paint("* not sent.", .own)])
        let answer = String(decoding: line, as: UTF8.self).trimmingSpaces.lowercased()
        return answer == "n" || answer == "no" ? .proceed : nil
    }

    /// Shows the warnings a line draws before it is sent; false when it must wait for the person's confirmation.
    func mayEnter(_ line: [UInt8]) -> Bool {
        let dialect = session.dialect
        guard dialect.inputMode == .command else { return true }
        let mailProtocol = session.target.mailProtocol
        if let warning = submissionGuard.pipeliningWarning(mailProtocol: mailProtocol, dialect: dialect) {
            output.write([palette.paint("! " + warning, .warning)])
        }
        guard let warning = SubmissionGuard.cleartextWarning(for: line, mailProtocol: mailProtocol,
                                                             isTLS: session.isTLS,
                                                             interactive: configuration.interactive) else {
            return true
        }
        output.write([palette.paint("! " + warning, .warning)])
        guard configuration.interactive else { return true }
        submissionGuard.hold(line)
        return false
    }
}
