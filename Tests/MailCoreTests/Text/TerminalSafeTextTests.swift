import Testing
@testable import MailCore

@Suite("TerminalSafeText")
struct TerminalSafeTextTests {
    /// No C0 control other than tab, no DEL, no C1 control, no bidi or invisible format character.
    static func isTerminalSafe(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.value {
            case 0x09: return true
            case 0x00..<0x20, 0x7F, 0x80...0x9F: return false
            case 0x061C, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF, 0xFFF9...0xFFFB: return false
            default: return true
            }
        }
    }

    @Test("escape sequences lose their ESC", arguments: [
        ("\u{1B}]0;title\u{07}", "\\x1B]0;title\\x07"),
        ("\u{1B}[2J", "\\x1B[2J"),
        ("\u{1B}]52;c;cm0gLXJmIH4=\u{07}", "\\x1B]52;c;cm0gLXJmIH4=\\x07"),
        ("\u{1B}]52;c;cm0gLXJmIH4=\u{1B}\\", "\\x1B]52;c;cm0gLXJmIH4=\\x1B\\"),
        ("a\u{00}b", "a\\x00b"),
        ("del\u{7F}", "del\\x7F"),
        ("bell\u{07}", "bell\\x07"),
        ("back\u{08}space", "back\\x08space"),
        ("line\r\n", "line\\r\\n"),
        ("tab\tkept", "tab\tkept"),
        // A backslash reads as itself (IMAP flags), doubled only where it would start an escape.
        ("* FLAGS (\\Seen \\Answered)", "* FLAGS (\\Seen \\Answered)"),
        ("C:\\path", "C:\\path"),
        ("\\x41", "\\\\x41"),
        ("\\u{41}", "\\\\u{41}"),
        ("a\\\\b", "a\\\\\\b"),
        ("end\\", "end\\"),
    ])
    func escapesControls(_ input: String, _ expected: String) {
        let output = TerminalSafeText.escape(input)
        #expect(output == expected)
        #expect(Self.isTerminalSafe(output))
        #expect(!output.utf8.contains(0x1B))
    }

    @Test("C1 controls are escaped, as a raw byte or as UTF-8", arguments: [
        ([0x9B, 0x32, 0x4A], "\\x9B2J"),
        ([0xC2, 0x9B, 0x32, 0x4A], "\\u{9B}2J"),
        ([0xC2, 0x80], "\\u{80}"),
        ([0xC2, 0x9F], "\\u{9F}"),
        ([0xC2, 0x85], "\\u{85}"),
    ] as [([UInt8], String)])
    func escapesC1(_ input: [UInt8], _ expected: String) {
        let output = TerminalSafeText.escape(input)
        #expect(output == expected)
        #expect(Self.isTerminalSafe(output))
    }

    @Test("characters that reorder or hide text are escaped", arguments: [
        ("evil\u{202E}txt.exe", "evil\\u{202E}txt.exe"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", "\\u{202A}\\u{202B}\\u{202C}\\u{202D}"),
        ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
        ("\u{200E}\u{200F}", "\\u{200E}\\u{200F}"),
        ("\u{061C}", "\\u{61C}"),
        ("zero\u{200B}width", "zero\\u{200B}width"),
        ("\u{FEFF}bom", "\\u{FEFF}bom"),
        ("line\u{2028}sep", "line\\u{2028}sep"),
    ])
    func escapesFormatCharacters(_ input: String, _ expected: String) {
        let output = TerminalSafeText.escape(input)
        #expect(output == expected)
        #expect(Self.isTerminalSafe(output))
    }

    /// All Bidi_Control characters are in the Basic Multilingual Plane.
    @Test("every character Unicode marks Bidi_Control is escaped")
    func everyBidiControl() {
        let controls = (0...0xFFFF).compactMap(Unicode.Scalar.init).filter(\.properties.isBidiControl)
        #expect(controls.count >= 12)
        for scalar in controls {
            let output = TerminalSafeText.escape(String(scalar))
            #expect(output == "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}")
        }
    }

    @Test("invalid UTF-8 is escaped byte by byte", arguments: [
        ([0xFF], "\\xFF"),
        ([0x61, 0xFE, 0x62], "a\\xFEb"),
        ([0xE6, 0x97], "\\xE6\\x97"),
        ([0xE6, 0x97, 0x41], "\\xE6\\x97A"),
        ([0xC0, 0x80], "\\xC0\\x80"),
        ([0xC1, 0xBF], "\\xC1\\xBF"),
        ([0xE0, 0x80, 0x80], "\\xE0\\x80\\x80"),
        ([0xF0, 0x80, 0x80, 0x80], "\\xF0\\x80\\x80\\x80"),
        ([0xED, 0xA0, 0x80], "\\xED\\xA0\\x80"),
        ([0xED, 0xBF, 0xBF], "\\xED\\xBF\\xBF"),
        ([0xF4, 0x90, 0x80, 0x80], "\\xF4\\x90\\x80\\x80"),
        ([0xF5, 0x80, 0x80, 0x80], "\\xF5\\x80\\x80\\x80"),
        ([0x80], "\\x80"),
        ([0xC3], "\\xC3"),
        ([0xF0, 0x9F, 0x98], "\\xF0\\x9F\\x98"),
        ([0xC2, 0x1B], "\\xC2\\x1B"),
    ] as [([UInt8], String)])
    func escapesInvalidUTF8(_ input: [UInt8], _ expected: String) {
        let output = TerminalSafeText.escape(input)
        #expect(output == expected)
        #expect(Self.isTerminalSafe(output))
    }

    @Test("valid text is kept", arguments: ["é", "日本", "😀", "Grüße, 世界 👋🏽", "plain ASCII ~!@#$%^&*()", ""])
    func keepsText(_ text: String) {
        #expect(TerminalSafeText.escape(text) == text)
    }

    @Test("slices escape like arrays")
    func slices() {
        let bytes: [UInt8] = [0x41, 0x1B, 0x42, 0xFF, 0x43]
        #expect(TerminalSafeText.escape(bytes[1..<4]) == "\\x1BB\\xFF")
    }

    @Test("random bytes never yield a control character")
    func randomBytes() {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<3000 {
            let length = Int.random(in: 0...48, using: &generator)
            // Weighted towards the bytes that make trouble: controls, ESC, lead and continuation bytes.
            let bytes = (0..<length).map { _ -> UInt8 in
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: return UInt8.random(in: 0...0x20, using: &generator)
                case 1: return UInt8.random(in: 0x80...0xBF, using: &generator)
                case 2: return UInt8.random(in: 0xC0...0xFF, using: &generator)
                default: return UInt8.random(in: 0...0xFF, using: &generator)
                }
            }
            let output = TerminalSafeText.escape(bytes)
            #expect(Self.isTerminalSafe(output), "bytes \(bytes)")
            #expect(!output.utf8.contains { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }, "bytes \(bytes)")
        }
    }

    @Test("escaping is reversible: different inputs give different outputs")
    func reversible() {
        var generator = SplitMix64(seed: 11)
        var seen: [String: [UInt8]] = [:]
        for _ in 0..<3000 {
            let length = Int.random(in: 0...6, using: &generator)
            let alphabet: [UInt8] = [0x5C, 0x78, 0x41, 0x1B, 0xFF, 0xC3, 0xA9, 0x75, 0x7B, 0x7D, 0x0D]
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            let output = TerminalSafeText.escape(bytes)
            if let earlier = seen[output] {
                #expect(earlier == bytes, "\(earlier) and \(bytes) both give \(output.debugDescription)")
            }
            seen[output] = bytes
        }
    }
}
