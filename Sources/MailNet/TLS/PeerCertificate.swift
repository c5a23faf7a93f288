#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import CShims
import MailCore

/// The parts of an X.509 certificate a person checks, read out as display-safe text.
///
/// Everything here came from the server, so every string goes through `TerminalSafeText`: a certificate can
/// carry control characters in its names.
struct PeerCertificate: Equatable {
    var subject: String
    var issuer: String
    var notBefore: String
    var notAfter: String
    /// "DNS:mail.example.com", "IP:192.0.2.1", … (RFC 5280 §4.2.1.6).
    var subjectAlternativeNames: [String]

    /// `certificate` is borrowed: not freed here.
    init(_ certificate: OpaquePointer) {
        subject = Self.name(X509_get_subject_name(certificate))
        issuer = Self.name(X509_get_issuer_name(certificate))
        notBefore = Self.time(X509_get0_notBefore(certificate))
        notAfter = Self.time(X509_get0_notAfter(certificate))
        subjectAlternativeNames = Self.alternativeNames(certificate)
    }

    /// One line of the chain display: "CN = mail.example.com; issuer CN = R3; valid 2025-… UTC to 2025-… UTC".
    var chainLine: String {
        "\(subject); issuer \(issuer); valid \(notBefore) to \(notAfter)"
    }

    // MARK: - Reading the fields

    /// A distinguished name in OpenSSL's one-line form ("CN = localhost, O = Example"), with UTF-8 kept as
    /// characters rather than \XX escapes so that non-ASCII names read naturally.
    private static func name(_ name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "(none)" }
        defer { BIO_free(bio) }
        let flags = (mr_XN_FLAG_ONELINE() & ~UInt(ASN1_STRFLGS_ESC_MSB)) | UInt(ASN1_STRFLGS_UTF8_CONVERT)
        guard X509_NAME_print_ex(bio, name, 0, flags) >= 0 else { return "(unreadable)" }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while true {
            let count = chunk.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            if count <= 0 {
                break
            }
            bytes += chunk.prefix(Int(count))
        }
        return bytes.isEmpty ? "(empty)" : TerminalSafeText.escape(bytes)
    }

    /// "2026-01-31 12:00:00 UTC". X.509 times are UTC (RFC 5280 §4.1.2.5).
    private static func time(_ time: UnsafePointer<ASN1_TIME>?) -> String {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else { return "(unreadable)" }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) UTC"
    }

    private static func alternativeNames(_ certificate: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<mr_sk_GENERAL_NAME_num(names) {
            guard let entry = mr_sk_GENERAL_NAME_value(names, index) else { continue }
            switch entry.pointee.type {
            case GEN_DNS:
                result.append("DNS:" + text(entry.pointee.d.dNSName))
            case GEN_IPADD:
                result.append("IP:" + address(entry.pointee.d.iPAddress))
            case GEN_EMAIL:
                result.append("email:" + text(entry.pointee.d.rfc822Name))
            case GEN_URI:
                result.append("URI:" + text(entry.pointee.d.uniformResourceIdentifier))
            default:
                continue
            }
        }
        return result
    }

    private static func bytes(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> [UInt8] {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
        let length = Int(ASN1_STRING_length(string))
        return length > 0 ? Array(UnsafeBufferPointer(start: data, count: length)) : []
    }

    private static func text(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        TerminalSafeText.escape(bytes(string))
    }

    /// An iPAddress entry is 4 or 16 raw octets (RFC 5280 §4.2.1.6).
    private static func address(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        let octets = bytes(string)
        let family: Int32
        switch octets.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return "(\(octets.count) bytes)"
        }
        var buffer = [CChar](repeating: 0, count: 64)
        let converted = octets.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        return converted ? ResolvedAddress.cText(buffer) : "(unreadable)"
    }
}
