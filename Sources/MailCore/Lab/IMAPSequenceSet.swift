/// A sequence set such as `1:3,5,7:*` (RFC 9051 §9 sequence-set), for message numbers or UIDs.
struct IMAPSequenceSet: Equatable, Sendable {
    /// Ranges with `*` left open; `nil` bound stands for `*`.
    private var ranges: [(UInt32?, UInt32?)]

    static func == (first: IMAPSequenceSet, second: IMAPSequenceSet) -> Bool {
        first.ranges.map { [$0.0, $0.1] } == second.ranges.map { [$0.0, $0.1] }
    }

    init?(_ text: String) {
        ranges = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: ":", omittingEmptySubsequences: false)
            guard bounds.count == 1 || bounds.count == 2 else { return nil }
            var parsed: [UInt32?] = []
            for bound in bounds {
                if bound == "*" {
                    parsed.append(nil)
                } else if let number = UInt32(bound), number > 0 {
                    parsed.append(number)
                } else {
                    return nil
                }
            }
            ranges.append((parsed[0], parsed.count == 2 ? parsed[1] : parsed[0]))
        }
        guard !ranges.isEmpty else { return nil }
    }

    /// Whether `value` is in the set, with `*` standing for `largest` (RFC 9051 §9: "n:m" includes both ends,
    /// in either order).
    func contains(_ value: UInt32, largest: UInt32) -> Bool {
        ranges.contains { low, high in
            let first = low ?? largest
            let second = high ?? largest
            return min(first, second) <= value && value <= max(first, second)
        }
    }

    /// The largest number named outright (not through `*`), to tell a message number that does not exist.
    var largestNamed: UInt32 {
        ranges.reduce(0) { result, range in max(result, range.0 ?? 0, range.1 ?? 0) }
    }
}
