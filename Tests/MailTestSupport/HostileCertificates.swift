import Foundation

/// Certificates for the hostile suites, made once per test process with the openssl command: a CA, a server
/// certificate for 127.0.0.1 and localhost, and wildcard certificates for the RFC 6125 name rules.
public struct HostileCertificates: Sendable {
    public struct Identity: Sendable {
        public var certificate: String
        public var key: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let caFile: String
    /// DNS:localhost, IP:127.0.0.1.
    public let localhost: Identity
    /// DNS:*.example.com only.
    public let wildcard: Identity
    /// DNS:f*.example.com: a partial-label wildcard (RFC 6125 §6.4.3), which mailrepl does not accept.
    public let partialWildcard: Identity

    private static let shared = Result<HostileCertificates, Failure>(catching: { () throws(Failure) in
        try HostileCertificates()
    })

    public static func get() throws -> HostileCertificates {
        try shared.get()
    }

    private init() throws(Failure) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-certs-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(folder.path): \(error)")
        }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        let ca = path("ca.pem")
        try Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", ca,
                          "-days", "30", "-subj", "/CN=mailrepl hostile test CA",
                          "-addext", "basicConstraints=critical,CA:TRUE",
                          "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        func issue(_ name: String, subject: String, alternativeNames: String) throws(Failure) -> Identity {
            let identity = Identity(certificate: path("\(name).pem"), key: path("\(name).key"))
            try Self.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", identity.key, "-out",
                              path("\(name).csr"), "-subj", "/CN=\(subject)"])
            let extensions = path("\(name).ext")
            do {
                try "subjectAltName=\(alternativeNames)\nextendedKeyUsage=serverAuth\n"
                    .write(toFile: extensions, atomically: true, encoding: .utf8)
            } catch {
                throw Failure(description: "cannot write \(extensions): \(error)")
            }
            try Self.openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", ca, "-CAkey", path("ca.key"),
                              "-CAcreateserial", "-days", "30", "-extfile", extensions, "-out", identity.certificate])
            return identity
        }
        caFile = ca
        localhost = try issue("localhost", subject: "localhost", alternativeNames: "DNS:localhost,IP:127.0.0.1")
        wildcard = try issue("wildcard", subject: "*.example.com", alternativeNames: "DNS:*.example.com")
        partialWildcard = try issue("partial", subject: "f*.example.com", alternativeNames: "DNS:f*.example.com")
    }

    private static func openssl(_ arguments: [String]) throws(Failure) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run openssl: \(error)")
        }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(text)")
        }
    }
}
