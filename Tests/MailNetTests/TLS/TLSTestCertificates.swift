import Foundation

/// Certificates for the TLS tests, made once per test run with the openssl command in a temporary folder:
/// a CA, and server certificates that each fail verification in one way.
struct TLSTestCertificates: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A certificate and its key, as PEM files.
    struct Identity: Sendable {
        var certificate: String
        var key: String
    }

    let folder: String
    let caFile: String
    /// Issued by the CA for DNS:localhost and IP:127.0.0.1: verifies.
    let server: Identity
    /// Issued by the CA for other.example only.
    let wrongName: Identity
    /// Issued by the CA, valid in January 2020 only.
    let expired: Identity
    /// Issued by the CA, valid from 2099 on.
    let notYetValid: Identity
    /// Signed by its own key, for localhost.
    let selfSigned: Identity

    /// Made on first use and shared by every test; a failure is reported by each test that needs them.
    static let shared = Result<TLSTestCertificates, Failure>(catching: { () throws(Failure) in
        try TLSTestCertificates()
    })

    static func get() throws -> TLSTestCertificates {
        try shared.get()
    }

    private init() throws(Failure) {
        Self.removeFoldersOfEndedRuns()
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("\(Self.prefix)\(getpid())")
        try? FileManager.default.removeItem(at: base)
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: base.appendingPathComponent("issued"), withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(base.path): \(error)")
        }
        folder = base.path
        func path(_ name: String) -> String { base.appendingPathComponent(name).path }

        try Self.write("", to: path("index.txt"))
        try Self.write("1000\n", to: path("serial"))
        // A minimal `openssl ca` setup: only `ca` lets us choose the validity dates (x509 -req in OpenSSL 3.0
        // has only -days).
        try Self.write("""
            [ ca ]
            default_ca = test_ca
            [ test_ca ]
            database = \(path("index.txt"))
            new_certs_dir = \(path("issued"))
            serial = \(path("serial"))
            default_md = sha256
            policy = any_name
            copy_extensions = copy
            unique_subject = no
            [ any_name ]
            commonName = supplied
            """, to: path("ca.cnf"))

        let ca = path("ca.pem")
        caFile = ca
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", path("ca.key"), "-out", ca, "-days", "30",
                          "-subj", "/CN=mailrepl test CA"])

        func issue(_ name: String, subject: String, names: String, validity: [String]) throws(Failure) -> Identity {
            let identity = Identity(certificate: path("\(name).pem"), key: path("\(name).key"))
            try Self.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                              "-keyout", identity.key, "-out", path("\(name).csr"), "-subj", subject,
                              "-addext", "subjectAltName=\(names)"])
            try Self.openssl(["ca", "-batch", "-notext", "-config", path("ca.cnf"), "-cert", ca,
                              "-keyfile", path("ca.key"), "-in", path("\(name).csr"),
                              "-out", identity.certificate] + validity)
            return identity
        }
        server = try issue("server", subject: "/CN=localhost", names: "DNS:localhost,IP:127.0.0.1",
                           validity: ["-days", "30"])
        wrongName = try issue("wrong-name", subject: "/CN=other.example", names: "DNS:other.example",
                              validity: ["-days", "30"])
        expired = try issue("expired", subject: "/CN=localhost", names: "DNS:localhost,IP:127.0.0.1",
                            validity: ["-startdate", "20200101000000Z", "-enddate", "20200201000000Z"])
        notYetValid = try issue("future", subject: "/CN=localhost", names: "DNS:localhost,IP:127.0.0.1",
                                validity: ["-startdate", "20990101000000Z", "-enddate", "20991231000000Z"])

        selfSigned = Identity(certificate: path("self-signed.pem"), key: path("self-signed.key"))
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                          "-keyout", selfSigned.key, "-out", selfSigned.certificate, "-days", "30",
                          "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
    }

    private static let prefix = "mailrepl-tls-tests-"

    /// Test runs leave their folder behind (there is no hook at the end of a run); a later run removes the
    /// folders of runs whose process is gone.
    private static func removeFoldersOfEndedRuns() {
        let temporary = FileManager.default.temporaryDirectory
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
    }

    private static func write(_ text: String, to path: String) throws(Failure) {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw Failure(description: "cannot write \(path): \(error)")
        }
    }

    private static func openssl(_ arguments: [String]) throws(Failure) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run openssl: \(error)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl \(arguments.prefix(1)) failed: \(text)")
        }
    }
}
