/// A literal announced at the end of a line: `{n}`, `{n+}` (LITERAL+, RFC 7888 §3), or `~{n}` (BINARY,
/// RFC 3516 §4.1). The n bytes follow the CRLF (RFC 9051 §4.3).
public struct IMAPLiteralMarker: Equatable, Sendable {
    public var length: UInt64
    /// `{n+}`: the client sends the data without waiting for the server's `+`.
    public var isNonSynchronizing: Bool
    public var isBinary: Bool

    /// Reads the marker at the very end of `line`; nil when there is none or the number does not fit in 64 bits
    /// (RFC 9051's `number64`), which a server can send only to attack.
    public init?(endOf line: [UInt8]) {
        guard line.last == UInt8(ascii: "}"), let open = line.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = line[(open + 1)..<(line.count - 1)]
        isNonSynchronizing = digits.last == UInt8(ascii: "+")
        if isNonSynchronizing {
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.count <= 20 else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit - 48))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        length = value
        isBinary = open > 0 && line[open - 1] == UInt8(ascii: "~")
    }
}
