import MailCore
import MailNet

/// The `check HOST` table: one row per port.
///
///     PORT  ANSWERS  TLS           CERTIFICATE             AUTH          NOTE
///     25    SMTP     STARTTLS      verified, 89 days left  none
///     465   SMTP     implicit TLS  verified, 89 days left  PLAIN LOGIN
public struct ProbeTableText {
    public var palette: Palette

    public init(palette: Palette) {
        self.palette = palette
    }

    private static let columns = ["PORT", "ANSWERS", "TLS", "CERTIFICATE", "AUTH", "NOTE"]
    private static let widths = [6, 9, 14, 24, 54]

    public var header: String {
        palette.paint(Self.pad(Self.columns), .note)
    }

    public func line(for row: ProbeRow) -> [String] {
        let note = row.note ?? ""
        let cells = [String(row.port), row.service, row.tls, row.certificate, row.auth, note]
        let text = Self.pad(cells.map(TerminalSafeText.escape))
        var lines = [row.answers ? text : palette.paint(text, .note)]
        if let error = row.error {
            lines.append(palette.paint("      ! port \(row.port): " + UserMessage.describe(error), .warning))
        }
        return lines
    }

    private static func pad(_ cells: [String]) -> String {
        var out = ""
        for (index, cell) in cells.enumerated() {
            if index < widths.count {
                out += cell + String(repeating: " ", count: max(1, widths[index] - cell.count))
            } else {
                out += cell
            }
        }
        return out
    }
}
