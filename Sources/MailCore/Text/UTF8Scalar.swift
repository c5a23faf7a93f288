/// Strict UTF-8 decoding of one scalar: no overlong forms, no surrogates, nothing beyond U+10FFFF.
enum UTF8Scalar {
    static func decode(_ bytes: ArraySlice<UInt8>, at start: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        let lead = bytes[start]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard start + length <= bytes.endIndex else { return nil }
        for offset in 1..<length {
            let next = bytes[start + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value <= 0x10FFFF, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
