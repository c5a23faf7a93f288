#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL

/// A certificate made at start for a server on loopback: a throw-away certificate authority and a server
/// certificate it signed, both with fresh P-256 keys that exist only in memory.
///
/// Clients verify the server by trusting the authority's certificate (curl --cacert, Python's cafile=, mailrepl
/// --cafile), so verification stays on and the usual checks run: chain, validity, and the name or address in the
/// subject alternative names (RFC 6125 §6). Two levels rather than one self-signed certificate because strict
/// verifiers (Python 3.13's VERIFY_X509_STRICT) refuse a server certificate that is its own authority.
public final class GeneratedCertificate: @unchecked Sendable {
    /// The authority's certificate, PEM: what a client must trust.
    public let authorityPEM: String
    /// The names the server certificate is valid for ("DNS:localhost", "IP:127.0.0.1", …).
    public let names: [String]
    /// Where `writeAuthority()` put `authorityPEM`.
    public private(set) var authorityFile: String?
    let certificate: OpaquePointer
    let privateKey: OpaquePointer
    private var directory: String?

    /// - Parameters:
    ///   - authorityName: the authority's common name, which clients show as the issuer.
    ///   - names: subject alternative names of the server certificate; loopback by default.
    ///   - lifetime: how long both certificates are valid from now (they are also valid from an hour before, for
    ///     clocks a little behind).
    public init(authorityName: String = "mailrepl generated CA", commonName: String = "localhost",
                names: [String] = ["DNS:localhost", "IP:127.0.0.1", "IP:::1"],
                lifetime: Duration = .seconds(2 * 24 * 3600)) throws(ServerTLSError) {
        let seconds = Int(lifetime.components.seconds)
        let authorityKey = try Self.generateKey()
        defer { EVP_PKEY_free(authorityKey) }
        let authority = try Self.sign(
            subject: authorityName, key: authorityKey, lifetime: seconds, issuer: nil,
            issuerKey: authorityKey,
            extensions: [(NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
                         (NID_key_usage, "critical,keyCertSign,cRLSign"),
                         (NID_subject_key_identifier, "hash")])
        defer { X509_free(authority) }
        let key = try Self.generateKey()
        do {
            certificate = try Self.sign(
                subject: commonName, key: key, lifetime: seconds, issuer: authority, issuerKey: authorityKey,
                extensions: [(NID_basic_constraints, "critical,CA:FALSE"),
                             (NID_key_usage, "critical,digitalSignature,keyEncipherment"),
                             (NID_ext_key_usage, "serverAuth"),
                             (NID_subject_alt_name, names.joined(separator: ",")),
                             (NID_subject_key_identifier, "hash"),
                             (NID_authority_key_identifier, "keyid:always")])
            authorityPEM = try Self.pem(of: authority)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        privateKey = key
        self.names = names
    }

    deinit {
        removeFiles()
        X509_free(certificate)
        EVP_PKEY_free(privateKey)
    }

    /// Writes the authority's certificate to `name` in a new private directory `directory.XXXXXX` (mode 0700, the
    /// file 0600) under $TMPDIR or /tmp and returns its path; the file and directory are removed when this object
    /// goes away.
    public func writeAuthority(directory prefix: String = "mailrepl-tls",
                               named name: String = "mailrepl-ca.pem") throws(ServerTLSError) -> String {
        if let authorityFile { return authorityFile }
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/" + prefix + ".XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        guard let made else {
            throw .file(path: base, reason: POSIXErrorText.describe(errno))
        }
        let directory = String(cString: made)
        self.directory = directory
        let path = directory + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o600))
        guard descriptor >= 0 else {
            throw .file(path: path, reason: POSIXErrorText.describe(errno))
        }
        defer { _ = close(descriptor) }
        var bytes = Array(authorityPEM.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let reason = POSIXErrorText.describe(errno)
                _ = unlink(path)
                throw .file(path: path, reason: reason)
            }
            bytes = bytes.dropFirst(written)
        }
        authorityFile = path
        return path
    }

    /// Removes what `writeAuthority()` wrote.
    public func removeFiles() {
        if let authorityFile {
            _ = unlink(authorityFile)
            self.authorityFile = nil
        }
        if let directory {
            _ = rmdir(directory)
            self.directory = nil
        }
    }

    // MARK: - OpenSSL

    private static func failed(_ step: String) -> ServerTLSError {
        let queued = OpenSSLErrorQueue.drain()
        return .openSSL(step: step, reason: queued.isEmpty ? "OpenSSL failed" : queued.joined(separator: "; "))
    }

    private static func generateKey() throws(ServerTLSError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { throw failed("make a key context") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_group_name(context, "P-256") == 1,
              EVP_PKEY_generate(context, &key) == 1, let key else {
            throw failed("generate a P-256 key")
        }
        return key
    }

    /// A version 3 certificate for `subject` with `key`, signed by `issuerKey` (by itself when `issuer` is nil).
    private static func sign(subject: String, key: OpaquePointer, lifetime: Int, issuer: OpaquePointer?,
                             issuerKey: OpaquePointer, extensions: [(Int32, String)]) throws(ServerTLSError)
        -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let certificate = X509_new() else { throw failed("make a certificate") }
        var serial = [UInt8](repeating: 0, count: 16)
        let name = X509_get_subject_name(certificate)
        // A positive random serial of up to 127 bits (RFC 5280 §4.1.2.2: unique per issuer, at most 20 octets).
        var filled = RAND_bytes(&serial, Int32(serial.count)) == 1
        serial[0] &= 0x7F
        if filled, let number = BN_bin2bn(serial, Int32(serial.count), nil) {
            filled = BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil
            BN_free(number)
        } else {
            filled = false
        }
        let filledIn = filled
            && X509_set_version(certificate, 2) == 1
            && X509_gmtime_adj(X509_getm_notBefore(certificate), -3600) != nil
            && X509_gmtime_adj(X509_getm_notAfter(certificate), lifetime) != nil
            && X509_set_pubkey(certificate, key) == 1
            && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, subject, -1, -1, 0) == 1
            && X509_set_issuer_name(certificate, issuer.map { X509_get_subject_name($0) } ?? name) == 1
        guard filledIn else {
            X509_free(certificate)
            throw failed("fill in the certificate for \(subject)")
        }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer ?? certificate, certificate, nil, nil, 0)
        for (nid, value) in extensions {
            guard let created = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                X509_free(certificate)
                throw failed("add \(value) to the certificate")
            }
            let added = X509_add_ext(certificate, created, -1) == 1
            X509_EXTENSION_free(created)
            guard added else {
                X509_free(certificate)
                throw failed("add \(value) to the certificate")
            }
        }
        guard X509_sign(certificate, issuerKey, EVP_sha256()) > 0 else {
            X509_free(certificate)
            throw failed("sign the certificate for \(subject)")
        }
        return certificate
    }

    private static func pem(of certificate: OpaquePointer) throws(ServerTLSError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw failed("make a memory BIO") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_X509(bio, certificate) == 1 else { throw failed("write the certificate as PEM") }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 2048)
        while true {
            let count = chunk.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { break }
            text += chunk.prefix(Int(count))
        }
        return String(decoding: text, as: UTF8.self)
    }
}
