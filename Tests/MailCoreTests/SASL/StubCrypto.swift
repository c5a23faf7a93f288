@testable import MailCore

/// Cryptography that returns fixed octets, for testing a mechanism's messages and checks without libcrypto (the
/// real RFC vectors run against libcrypto in MailNetTests).
struct StubCrypto: SASLCrypto {
    func hash(_ algorithm: SASLHash, _ data: [UInt8]) throws(SASLError) -> [UInt8] {
        [UInt8](repeating: 0x11, count: algorithm.length)
    }

    func hmac(_ algorithm: SASLHash, key: [UInt8], data: [UInt8]) throws(SASLError) -> [UInt8] {
        [UInt8](repeating: 0x22, count: algorithm.length)
    }

    func pbkdf2(_ algorithm: SASLHash, password: [UInt8], salt: [UInt8], iterations: Int,
                length: Int) throws(SASLError) -> [UInt8] {
        [UInt8](repeating: 0x33, count: length)
    }

    func randomBytes(_ count: Int) throws(SASLError) -> [UInt8] {
        [UInt8](repeating: 0x44, count: count)
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
