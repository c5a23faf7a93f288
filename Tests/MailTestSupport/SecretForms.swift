import Foundation

/// The forms a password takes on the wire, for tests that assert it appears nowhere mailrepl writes: the password,
/// and its base64 as it stands inside any base64 text (three alignments), which covers AUTH PLAIN's
/// `\0user\0password` blob and LOGIN's base64 password.
public enum SecretForms {
    public static func of(password: String, user: String) -> [String] {
        var forms: Set<String> = [password]
        let octets = Array(password.utf8)
        for shift in 0..<3 {
            // Base64 of filler + password; keep only the characters that depend on password octets alone.
            let encoded = Data([UInt8](repeating: 0, count: shift) + octets).base64EncodedString()
            let characters = Array(encoded)
            let start = (shift * 4 + 2) / 3
            let end = ((shift + octets.count) / 3) * 4
            if end - start >= 4 {
                forms.insert(String(characters[start..<end]))
            }
        }
        forms.insert(Data(("\0" + user + "\0" + password).utf8).base64EncodedString())
        forms.insert(Data(password.utf8).base64EncodedString())
        return forms.sorted()
    }
}
