#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL

/// The lab's own certificate authority, made fresh at every start: a CA certificate, and a server certificate it
/// signed for 127.0.0.1, ::1 and localhost. Clients verify the lab by trusting the CA (mailrepl through the PEM
/// file; curl with --cacert; Python with cafile=), never by switching verification off.
///
/// Keys are P-256 and live only in memory; only the CA certificate (public) is written, to a file of mode 0600 in
/// a private directory of mode 0700.
public final class LabCertificateAuthority: @unchecked Sendable {
    /// The CA certificate, PEM.
    public let certificatePEM: String
    /// The file holding `certificatePEM`.
    public let certificateFile: String
    let serverCertificate: OpaquePointer
    let serverKey: OpaquePointer
    private let directory: String

    /// How long the certificates are valid: the lab's certificates never outlive a session by much.
    static let validity: Int = 7 * 24 * 3600

    private init(certificatePEM: String, certificateFile: String, directory: String, serverCertificate: OpaquePointer,
                 serverKey: OpaquePointer) {
        self.certificatePEM = certificatePEM
        self.certificateFile = certificateFile
        self.directory = directory
        self.serverCertificate = serverCertificate
        self.serverKey = serverKey
    }

    deinit {
        X509_free(serverCertificate)
        EVP_PKEY_free(serverKey)
    }

    static func make() throws(LabError) -> LabCertificateAuthority {
        let authorityKey = try generateKey()
        defer { EVP_PKEY_free(authorityKey) }
        let authority = try certificate(
            commonName: "mailrepl practice lab CA", key: authorityKey, issuer: nil, issuerKey: authorityKey,
            extensions: [(NID_basic_constraints, "critical,CA:TRUE,pathlen:0"),
                         (NID_key_usage, "critical,keyCertSign,cRLSign"),
                         (NID_subject_key_identifier, "hash")])
        defer { X509_free(authority) }
        let serverKey = try generateKey()
        let server: OpaquePointer
        do {
            server = try certificate(
                commonName: "localhost", key: serverKey, issuer: authority, issuerKey: authorityKey,
                extensions: [(NID_basic_constraints, "critical,CA:FALSE"),
                             (NID_key_usage, "critical,digitalSignature,keyEncipherment"),
                             (NID_ext_key_usage, "serverAuth"),
                             (NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"),
                             (NID_subject_key_identifier, "hash"),
                             (NID_authority_key_identifier, "keyid:always")])
        } catch {
            EVP_PKEY_free(serverKey)
            throw error
        }
        let pem: String
        let directory: String
        let file: String
        do {
            pem = try pemText(authority)
            (directory, file) = try write(pem)
        } catch {
            X509_free(server)
            EVP_PKEY_free(serverKey)
            throw error
        }
        return LabCertificateAuthority(certificatePEM: pem, certificateFile: file, directory: directory,
                                       serverCertificate: server, serverKey: serverKey)
    }

    /// Removes the CA file and its directory.
    func removeFile() {
        _ = unlink(certificateFile)
        _ = rmdir(directory)
    }

    // MARK: - OpenSSL

    private static func failure(_ what: String) -> LabError {
        let queued = OpenSSLErrorQueue.drain()
        return .tls(reason: what + (queued.isEmpty ? "" : ": " + queued.joined(separator: "; ")))
    }

    private static func generateKey() throws(LabError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { throw failure("create a key context") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_group_name(context, "P-256") == 1,
              EVP_PKEY_generate(context, &key) == 1, let key else {
            throw failure("generate a P-256 key")
        }
        return key
    }

    private static func certificate(
        commonName: String, key: OpaquePointer, issuer: OpaquePointer?, issuerKey: OpaquePointer,
        extensions: [(Int32, String)]
    ) throws(LabError) -> OpaquePointer {
        guard let certificate = X509_new() else { throw failure("create a certificate") }
        var serial: UInt32 = 0
        withUnsafeMutableBytes(of: &serial) { _ = RAND_bytes($0.baseAddress?.assumingMemoryBound(to: UInt8.self), 4) }
        let name = X509_get_subject_name(certificate)
        let ok = X509_set_version(certificate, 2) == 1
            && ASN1_INTEGER_set(X509_get_serialNumber(certificate), Int(serial >> 1) + 1) == 1
            && X509_gmtime_adj(X509_getm_notBefore(certificate), -3600) != nil
            && X509_gmtime_adj(X509_getm_notAfter(certificate), validity) != nil
            && X509_set_pubkey(certificate, key) == 1
            && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, commonName, -1, -1, 0) == 1
            && X509_set_issuer_name(certificate, issuer.map { X509_get_subject_name($0) } ?? name) == 1
        guard ok else {
            X509_free(certificate)
            throw failure("fill in the certificate for \(commonName)")
        }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer ?? certificate, certificate, nil, nil, 0)
        for (nid, value) in extensions {
            guard let extensionValue = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                X509_free(certificate)
                throw failure("add the extension \(value)")
            }
            defer { X509_EXTENSION_free(extensionValue) }
            guard X509_add_ext(certificate, extensionValue, -1) == 1 else {
                X509_free(certificate)
                throw failure("add the extension \(value)")
            }
        }
        guard X509_sign(certificate, issuerKey, EVP_sha256()) > 0 else {
            X509_free(certificate)
            throw failure("sign the certificate for \(commonName)")
        }
        return certificate
    }

    private static func pemText(_ certificate: OpaquePointer) throws(LabError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw failure("create a memory BIO") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_X509(bio, certificate) == 1 else { throw failure("write the CA certificate as PEM") }
        var pem: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { break }
            pem += chunk.prefix(Int(count))
        }
        return String(decoding: pem, as: UTF8.self)
    }

    /// A private directory (mkdtemp makes it 0700) holding the PEM, written 0600.
    private static func write(_ pem: String) throws(LabError) -> (String, String) {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/mailrepl-lab.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } })
        else {
            throw .caFile(reason: "cannot create a private directory in \(base): " + POSIXErrorText.describe(errno))
        }
        let directory = String(cString: made)
        let file = directory + "/lab-ca.pem"
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = POSIXErrorText.describe(errno)
            _ = rmdir(directory)
            throw .caFile(reason: "cannot create \(file): \(reason)")
        }
        defer { _ = close(descriptor) }
        let bytes = Array(pem.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let reason = POSIXErrorText.describe(errno)
                _ = unlink(file)
                _ = rmdir(directory)
                throw .caFile(reason: "cannot write \(file): \(reason)")
            }
            offset += written
        }
        return (directory, file)
    }
}
