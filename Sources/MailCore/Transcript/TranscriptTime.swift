/// Decimal numbers with three places, as transcripts write times: `12.345` seconds for a line's timestamp
/// (milliseconds inside), `0.412` milliseconds for a connect time (microseconds inside).
enum TranscriptTime {
    /// `thousandths` as "whole.fff".
    static func text(_ thousandths: Int) -> String {
        let whole = thousandths / 1000
        let fraction = String(thousandths % 1000)
        return "\(whole)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// "12.345", "12.3" or "12" as thousandths; nil for anything else (a sign, a fourth decimal).
    static func parse<S: StringProtocol>(_ text: S) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.count <= 12,
              wholeText.allSatisfy(\.isASCIIDigit), let whole = Int(wholeText) else { return nil }
        var fraction = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy(\.isASCIIDigit) else { return nil }
            fraction = (Int(digits) ?? 0) * [100, 10, 1][digits.count - 1]
        }
        return whole * 1000 + fraction
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
