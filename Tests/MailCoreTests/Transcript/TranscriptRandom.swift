/// A small seeded generator (SplitMix64), so a failing random case can be run again from its seed.
struct TranscriptRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &+ 0x9E37_79B9_7F4A_7C15
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// Bytes biased towards the ones a transcript must treat with care: NUL, CR, LF, backslash, what follows a
    /// backslash in an escape, quotes, spaces, 8-bit bytes, valid UTF-8 and the redaction marker itself.
    mutating func awkwardBytes(maximumCount: Int = 40) -> [UInt8] {
        var bytes: [UInt8] = []
        let count = Int.random(in: 0...maximumCount, using: &self)
        let pieces: [[UInt8]] = [
            [0], [13], [10], [13, 10], [92], [92, 120], Array("x4".utf8), Array("\\x41".utf8), Array("\\X0d".utf8),
            [34], [32], [9], [0x7F], [0x80], [0xFF], [0xC3], [0xE2, 0x80], Array("é".utf8), Array("‹".utf8),
            Array("‹redacted›".utf8), Array("\u{202E}".utf8), Array("\u{85}".utf8), Array("{12}".utf8),
            Array("* OK".utf8), Array("S: ".utf8), Array("@1.5 ".utf8), Array("#".utf8),
        ]
        while bytes.count < count {
            if Bool.random(using: &self) {
                bytes.append(UInt8.random(in: 0x20...0x7E, using: &self))
            } else if Int.random(in: 0..<4, using: &self) == 0 {
                bytes.append(UInt8.random(in: 0...255, using: &self))
            } else {
                bytes += pieces.randomElement(using: &self) ?? []
            }
        }
        return bytes
    }
}
