/// How many lines of a message body the prompt shows before folding the rest away (`--fold N`, `.fold N|off`).
public struct FoldLimit: Equatable, Sendable, CustomStringConvertible {
    /// Lines shown of each body; nil shows every line.
    public var lines: Int?

    /// Enough for the headers that say what a message is, few enough to keep the prompt in sight.
    public static let standard = FoldLimit(lines: 20)
    public static let off = FoldLimit(lines: nil)
    public static let largest = 1_000_000
    /// What may be given, for error messages and help.
    public static let expected = "a number of lines (0 to \(largest); 0 is off) or off"

    public init(lines: Int?) {
        self.lines = lines.flatMap { $0 > 0 ? $0 : nil }
    }

    /// `off`, or a number of lines from 0 (off) to `largest`; nil for anything else.
    public init?(_ text: String) {
        if text.lowercased() == "off" {
            self = .off
            return
        }
        guard text.allSatisfy(\.isASCII), let number = Int(text), number >= 0, number <= Self.largest,
              text.first != "+" else { return nil }
        self.init(lines: number)
    }

    public var description: String {
        lines.map(String.init) ?? "off"
    }
}
