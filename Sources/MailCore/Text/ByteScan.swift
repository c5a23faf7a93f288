/// Scans of server bytes done for every line of a large body, eight bytes at a time.
///
/// A 50 MB message is more than half a million lines; looking at one byte per step made these two scans (where
/// does the line end, does it need escaping) a large part of the cost of showing it. The word tests are the
/// classic ones for "does any byte of this word hold a value below / above / equal to n", exact for that question.
public enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first `byte` in `bytes`, as `bytes.firstIndex(of: byte)`.
    public static func firstIndex(of byte: UInt8, in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress else { return nil }
            let pattern = ones &* UInt64(byte)
            var offset = 0
            while offset + 8 <= buffer.count {
                let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) ^ pattern
                if hasZeroByte(word) { break }
                offset += 8
            }
            while offset < buffer.count {
                if base[offset] == byte {
                    return bytes.startIndex + offset
                }
                offset += 1
            }
            return nil
        }
    }

    /// How many bytes at the start of `bytes` satisfy `isPlain`, where every byte of 0x20...0x7E except
    /// `excluded` must count as plain. The word test skips eight such bytes at a time; `isPlain` decides the rest.
    public static func plainPrefixLength(_ bytes: ArraySlice<UInt8>, excluding excluded: UInt8,
                                         isPlain: (UInt8) -> Bool) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            let excludedPattern = ones &* UInt64(excluded)
            var offset = 0
            while offset + 8 <= buffer.count {
                let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
                let below = (word &- ones &* 0x20) & ~word & highBits
                let above = ((word &+ ones) | word) & highBits
                if below | above != 0 || hasZeroByte(word ^ excludedPattern) { break }
                offset += 8
            }
            while offset < buffer.count && isPlain(base[offset]) {
                offset += 1
            }
            return offset
        }
    }

    /// The ranges of the pieces `split(separator: " ", maxSplits: maxSplits)` (empty pieces omitted) gives for
    /// `bytes`, found by the same steps on bytes rather than on Characters, which cost far more per line. For ASCII
    /// text the pieces are the same, since every Character of it is one byte or CR LF.
    public static func spaceSeparatedRanges(_ bytes: UnsafeBufferPointer<UInt8>, maxSplits: Int) -> [Range<Int>] {
        let space = UInt8(ascii: " ")
        guard maxSplits > 0, !bytes.isEmpty else {
            return bytes.isEmpty ? [] : [0..<bytes.count]
        }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(min(maxSplits + 1, 8))
        var start = 0
        var end = 0
        while end < bytes.count {
            if bytes[end] == space {
                let appended = start < end
                if appended {
                    ranges.append(start..<end)
                }
                end += 1
                start = end
                if appended && ranges.count == maxSplits {
                    break
                }
                continue
            }
            end += 1
        }
        if start < bytes.count {
            ranges.append(start..<bytes.count)
        }
        return ranges
    }

    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highBits != 0
    }
}
