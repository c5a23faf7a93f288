import MailCore
import MailNet

/// The check's report as a person reads it: one line per step with ✓ ✗ ! or -, its time and what was seen, and
/// under a failure the cause and the fix.
///
///     ✓ greeting                              1.2 ms  220 mail.example.test ESMTP Postfix
///     ✗ AUTH PLAIN as alice                  2004 ms  535 5.7.8 Error: authentication failed: …
///         cause: the server rejected the user name or the password (RFC 4954 §6 535 5.7.8, …)
///         fix:   check the user name, retype the password, …
public struct CheckReportText {
    public var palette: Palette
    /// Where text is wrapped; cause and fix lines are long.
    public var width = 110
    private let titleWidth = 40

    public init(palette: Palette) {
        self.palette = palette
    }

    public func heading(_ url: String) -> [String] {
        [palette.paint("mailrepl check \(TerminalSafeText.escape(url))", .client)]
    }

    public func lines(for step: CheckStep) -> [String] {
        let (mark, role) = Self.mark(step.status)
        let title = TerminalSafeText.escape(step.title)
        let padded = title + String(repeating: " ", count: max(1, titleWidth - title.count))
        let time = step.elapsed.map(Self.milliseconds) ?? ""
        let timeColumn = String(repeating: " ", count: max(0, 10 - time.count)) + time
        let indent = String(repeating: " ", count: 2 + titleWidth + 10 + 2)
        var lines: [String] = []
        let first = step.detail.first ?? ""
        lines.append(palette.paint(mark, role) + " " + padded + palette.paint(timeColumn, .note) + "  " + first)
        for more in step.detail.dropFirst() {
            lines.append(indent + more)
        }
        let cause = step.cause ?? step.error.map(UserMessage.describe)
        if step.status == .failed || step.status == .warning || step.status == .skipped {
            if let cause {
                lines += wrap("cause: ", cause, role: role)
            }
            if let fix = step.fix {
                lines += wrap("fix:   ", fix, role: .own)
            }
        }
        return lines
    }

    public func summary(_ report: CheckReport) -> [String] {
        let counted = report.steps.filter { $0.status != .skipped }
        let passed = counted.filter { $0.status == .passed || $0.status == .warning }.count
        guard let failure = report.firstFailure else {
            return [palette.paint("all \(passed) steps passed; exit status 0", .success)]
        }
        return [palette.paint("\(passed) of \(counted.count) steps passed; exit status \(report.exitStatus) "
                              + "(\(failure.stage.rawValue): \(TerminalSafeText.escape(failure.title)))",
                              .permanentFailure)]
    }

    public static func mark(_ status: CheckStep.Status) -> (String, Palette.Role) {
        switch status {
        case .passed: return ("✓", .success)
        case .failed: return ("✗", .permanentFailure)
        case .warning: return ("!", .transientFailure)
        case .skipped: return ("-", .note)
        }
    }

    /// Words wrapped at `width`, the first line after `label`, the rest under it.
    private func wrap(_ label: String, _ text: String, role: Palette.Role) -> [String] {
        let indent = "    "
        let available = max(40, width - indent.count - label.count)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                if !current.isEmpty && current.count + 1 + word.count > available {
                    lines.append(current)
                    current = String(word)
                } else {
                    current += (current.isEmpty ? "" : " ") + word
                }
            }
            lines.append(current)
        }
        return lines.enumerated().map { index, line in
            indent + (index == 0 ? palette.paint(label, role) : String(repeating: " ", count: label.count)) + line
        }
    }

    /// "0.4 ms", "23 ms", "2.1 s".
    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let tenths = Int(seconds) * 10_000 + Int(attoseconds / 100_000_000_000_000)
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10) ms" }
        if tenths < 100_000 { return "\(tenths / 10) ms" }
        return "\(tenths / 10_000).\(tenths / 1000 % 10) s"
    }
}
