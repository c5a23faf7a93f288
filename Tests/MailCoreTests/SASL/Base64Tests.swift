import Testing
@testable import MailCore

@Suite("Base64 (RFC 4648)")
struct Base64Tests {
    /// RFC 4648 §10, the test vectors.
    @Test(arguments: [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                      ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func everyOctetSurvivesTheRoundTrip() {
        let octets = (0...255).map(UInt8.init)
        for length in 0...octets.count {
            let slice = Array(octets.prefix(length))
            #expect(Base64.decode(Base64.encode(slice)) == slice)
        }
    }

    /// Strict decoding (RFC 4648 §3.3, §3.5): anything but the canonical form is refused.
    @Test(arguments: ["Zg", "Zg=", "Zh==", "Zm9=", "Z===", "Zg==Zg==", "Zm9v\r\n", "Zm 9v", "Zm9v-_==", "=Zm9",
                      "Zm8=Zm8="])
    func refusesNonCanonicalText(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
