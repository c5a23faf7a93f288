import MailCore

/// `ProtocolComparison` as terminal text: three protocols under each task, commands and replies aligned.
public enum ComparisonText {
    /// Every task, one line per protocol: the first command and the reply that ends it, or why there is none.
    public static func overview() -> [String] {
        var lines: [String] = []
        for row in ProtocolComparison.rows {
            lines.append(row.task.title + "   (.compare \(row.task.rawValue) for details)")
            for mailProtocol in MailProtocol.allCases {
                let cell = row.cell(mailProtocol)
                let summary: String
                if cell.hasEquivalent {
                    let command = cell.exchange.first { $0.hasPrefix("C:") }
                    let reply = cell.exchange.last { $0.hasPrefix("S:") } ?? ""
                    summary = [command, reply].compactMap { $0 }.joined(separator: "  →  ")
                } else {
                    summary = "— " + cell.note
                }
                lines.append("  " + mailProtocol.displayName.padding(to: 5) + summary)
            }
        }
        return lines
    }

    /// One task: each protocol's full exchange and its note.
    public static func detail(_ task: ProtocolComparison.Task) -> [String] {
        let row = ProtocolComparison.row(task)
        var lines = [task.title]
        for mailProtocol in MailProtocol.allCases {
            let cell = row.cell(mailProtocol)
            lines.append("  " + mailProtocol.displayName)
            if cell.hasEquivalent {
                lines += cell.exchange.map { "    " + $0 }
                lines.append("    " + cell.note)
            } else {
                lines.append("    no equivalent: " + cell.note)
            }
        }
        return lines
    }
}
