/// Decimal numbers with three places, as transcripts write times: `12.345` seconds for a line's timestamp
/// (milliseconds inside), `0.412` milliseconds for a connect time (microseconds inside).
enum TranscriptTime {
    /// `thousandths` as "whole.fff".
    static func text(_ thousandths: Int) -> String {
        let whole = thousandths / 1000
        let fraction = String(thousandths % 1000)
        return "\(whole)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// `text(_:)` appended as bytes.
    static func append(_ thousandths: Int, to out: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = thousandths
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0 || digits.count < 4
        for (index, digit) in digits.reversed().enumerated() {
            if index == digits.count - 3 {
                out.append(UInt8(ascii: "."))
            }
            out.append(digit)
        }
    }

    /// "12.345", "12.3" or "12" as thousandths; nil for anything else (a sign, a fourth decimal).
    /// Read byte by byte: every line of a transcript starts with one, and a replay reads a million lines.
    static func parse<S: StringProtocol>(_ text: S) -> Int? {
        parse(text.utf8)
    }

    static func parse<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Int? {
        var whole = 0
        var wholeDigits = 0
        var fraction = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= 3 else { return nil }
                fraction = fraction * 10 + digit
            } else {
                wholeDigits += 1
                guard wholeDigits <= 12 else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard wholeDigits > 0, !seenPoint || fractionDigits > 0 else { return nil }
        let scale = [1000, 100, 10, 1][fractionDigits]
        return whole * 1000 + fraction * scale
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
