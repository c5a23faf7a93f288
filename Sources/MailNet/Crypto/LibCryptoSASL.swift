import COpenSSL
import MailCore

/// The cryptography of the SASL mechanisms, from OpenSSL's libcrypto: the same library that runs TLS, so nothing
/// here is written by hand.
public struct LibCryptoSASL: SASLCrypto {
    public init() {}

    public func hash(_ algorithm: SASLHash, _ data: [UInt8]) throws(SASLError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let done = Self.withBytes(data) { bytes, count in
            EVP_Digest(bytes, count, &out, &length, Self.digest(algorithm), nil)
        }
        guard done == 1, Int(length) == algorithm.length else {
            throw .cryptography("\(algorithm.rawValue) failed: " + Self.openSSLError())
        }
        return Array(out.prefix(Int(length)))
    }

    public func hmac(_ algorithm: SASLHash, key: [UInt8], data: [UInt8]) throws(SASLError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = Self.withBytes(key) { keyBytes, keyCount in
            Self.withBytes(data) { dataBytes, dataCount in
                HMAC(Self.digest(algorithm), keyBytes, Int32(clamping: keyCount),
                     dataBytes.assumingMemoryBound(to: UInt8.self), dataCount, &out, &length) != nil
            }
        }
        guard result, Int(length) == algorithm.length else {
            throw .cryptography("HMAC-\(algorithm.rawValue) failed: " + Self.openSSLError())
        }
        return Array(out.prefix(Int(length)))
    }

    public func pbkdf2(_ algorithm: SASLHash, password: [UInt8], salt: [UInt8], iterations: Int,
                       length: Int) throws(SASLError) -> [UInt8] {
        guard iterations > 0, iterations <= Int(Int32.max), length > 0, length <= 1024 else {
            throw .cryptography("PBKDF2 parameters out of range")
        }
        var out = [UInt8](repeating: 0, count: length)
        let done = Self.withBytes(password) { passwordBytes, passwordCount in
            Self.withBytes(salt) { saltBytes, saltCount in
                PKCS5_PBKDF2_HMAC(passwordBytes.assumingMemoryBound(to: CChar.self), Int32(clamping: passwordCount),
                                  saltBytes.assumingMemoryBound(to: UInt8.self), Int32(clamping: saltCount),
                                  Int32(iterations), Self.digest(algorithm), Int32(length), &out)
            }
        }
        guard done == 1 else {
            throw .cryptography("PBKDF2-HMAC-\(algorithm.rawValue) failed: " + Self.openSSLError())
        }
        return out
    }

    public func randomBytes(_ count: Int) throws(SASLError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        guard RAND_bytes(&out, Int32(count)) == 1 else {
            throw .cryptography("the random generator failed: " + Self.openSSLError())
        }
        return out
    }

    // MARK: - Helpers

    private static func digest(_ algorithm: SASLHash) -> OpaquePointer? {
        switch algorithm {
        case .md5: return EVP_md5()
        case .sha1: return EVP_sha1()
        case .sha256: return EVP_sha256()
        }
    }

    /// A pointer that is never nil, even for no bytes: libcrypto reads NULL as "no key given" in places where an
    /// empty key is meant.
    private static func withBytes<T>(_ bytes: [UInt8], _ body: (UnsafeRawPointer, Int) -> T) -> T {
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 {
                return body(base, raw.count)
            }
            let placeholder: UInt8 = 0
            return withUnsafePointer(to: placeholder) { body(UnsafeRawPointer($0), 0) }
        }
    }

    private static func openSSLError() -> String {
        let queued = OpenSSLErrorQueue.drain()
        return queued.isEmpty ? "no reason given" : queued.joined(separator: "; ")
    }
}
