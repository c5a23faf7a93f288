import Foundation
import MailCore
@testable import MailREPL

/// The generated parts of docs/reading-responses.md, rebuilt from the knowledge base so page and data cannot drift.
///
/// A generated part sits between two comments; the first names what it shows:
///
///     <!-- generated from the knowledge base: explain 535 5.7.8 -->
///     ...
///     <!-- end of generated text -->
///
/// `explain QUERY` is what `mailrepl explain QUERY` prints; `smtp-contexts CODE...` is a table of what each code
/// means after each command the knowledge base distinguishes.
enum ReadingResponsesPage {
    static let opening = "<!-- generated from the knowledge base: "
    static let closing = "<!-- end of generated text -->"

    /// The page with every generated part rebuilt; unknown kinds are left as they are and reported.
    static func regenerate(_ page: String) -> (page: String, problems: [String]) {
        var output: [String] = []
        var problems: [String] = []
        var lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        while let line = lines.popFirst() {
            output.append(line)
            guard line.hasPrefix(opening), line.hasSuffix(" -->") else { continue }
            let request = String(line.dropFirst(opening.count).dropLast(4))
            var old: [String] = []
            while let next = lines.first, next != closing {
                old.append(next)
                lines.removeFirst()
            }
            guard lines.first == closing else {
                problems.append("no \(closing) after \(line)")
                output += old
                continue
            }
            if let generated = generate(request) {
                output += generated
            } else {
                problems.append("nothing generated for \(request)")
                output += old
            }
        }
        return (output.joined(separator: "\n"), problems)
    }

    static func generate(_ request: String) -> [String]? {
        let words = request.split(separator: " ").map(String.init)
        guard let kind = words.first else { return nil }
        let argument = words.dropFirst().joined(separator: " ")
        switch kind {
        case "explain":
            guard let lines = ExplainReport.lines(for: argument) else { return nil }
            return ["```text", "$ mailrepl explain \(argument)"] + lines + ["```"]
        case "smtp-contexts":
            let codes = words.dropFirst().compactMap { Int($0) }
            guard !codes.isEmpty else { return nil }
            return smtpContextTable(codes)
        default:
            return nil
        }
    }

    /// The commands an SMTP reply can answer, as the table names them, and as the knowledge base is asked.
    static let smtpCommands: [(String, String?)] = [
        ("the greeting", nil), ("EHLO", "EHLO"), ("MAIL FROM", "MAIL"), ("RCPT TO", "RCPT"), ("DATA", "DATA"),
        ("the final \".\"", "."), ("BDAT", "BDAT"), ("AUTH", "AUTH"), ("STARTTLS", "STARTTLS"), ("RSET", "RSET"),
        ("NOOP", "NOOP"), ("VRFY", "VRFY"), ("EXPN", "EXPN"), ("HELP", "HELP"), ("QUIT", "QUIT"),
    ]

    static func smtpContextTable(_ codes: [Int]) -> [String] {
        var rows = ["| Reply | After | Meaning | Source |", "|---|---|---|---|"]
        for code in codes {
            for (label, command) in smtpCommands {
                guard let meaning = KnowledgeBase.smtpReply(code: code, after: command),
                      meaning.subject.contains(" after ") else { continue }
                let source = ExplanationText.shortSources(Array(meaning.sources.prefix(1)))
                rows.append("| \(code) | \(label) | \(cell(meaning.summary)) | \(source) |")
            }
        }
        return rows
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }
}
