import Foundation
import MailCore
import MailNet
import Testing

/// The lab's own bounds, and mailrepl's session engine against it.
@Suite("PracticeLab", .serialized)
struct PracticeLabTests {
    @Test("listens on 127.0.0.1 only, one free port per service; stop removes the CA file")
    func ports() throws {
        let lab = try PracticeLab()
        #expect(Set(lab.ports.keys) == Set(LabService.allCases))
        #expect(Set(lab.ports.values).count == LabService.allCases.count)
        #expect(lab.urls.first?.1 == "smtp://127.0.0.1:\(lab.port(.smtp))")
        let file = lab.caFile
        #expect(FileManager.default.fileExists(atPath: file))
        lab.stop()
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test("the session engine connects with STARTTLS and implicit TLS, trusting the lab's CA file")
    func sessionOverTLS() throws {
        let lab = try PracticeLab()
        defer { lab.stop() }
        var options = Session.Options()
        options.caFile = lab.caFile
        let plain = try #require(lab.target(for: .imap))
        let session = Session(target: plain, options: options)
        try session.open()
        try session.startTLS(requireAdvertised: true)
        #expect(session.tlsSummary?.verified == true)
        session.quit()
        let implicit = Session(target: try #require(lab.target(for: .pop3s)), options: options)
        try implicit.open()
        #expect(implicit.tlsSummary?.verified == true)
        implicit.quit()
    }

    @Test("a connection beyond the bound is told 421 and closed")
    func connectionBound() throws {
        var configuration = PracticeLab.Configuration()
        configuration.maximumConnections = 1
        let lab = try PracticeLab(configuration: configuration)
        defer { lab.stop() }
        let result = try LabClientProcess.python("""
            import socket, sys
            first = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
            print(first.recv(200).decode().strip())
            second = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
            print(second.recv(200).decode().strip())
            """, [lab.port(.smtp)])
        #expect(result.output == "220 lab.test ESMTP mailrepl practice lab\n"
                + "421 4.3.2 lab.test Too many connections, try later\n")
    }

    @Test("an idle client is told so and disconnected (RFC 5321 §4.5.3.2.7's 421)")
    func idleTimeout() throws {
        var configuration = PracticeLab.Configuration()
        configuration.idleTimeout = .milliseconds(300)
        let lab = try PracticeLab(configuration: configuration)
        defer { lab.stop() }
        let result = try LabClientProcess.python("""
            import socket, sys
            s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
            data = b''
            while True:
                chunk = s.recv(200)
                if not chunk: break
                data += chunk
            print(data.decode().strip())
            """, [lab.port(.smtp)])
        #expect(result.output == "220 lab.test ESMTP mailrepl practice lab\r\n421 4.4.2 lab.test Error: timeout exceeded\n")
    }

    @Test("plaintext sent after STARTTLS, before the handshake, is dropped unread")
    func startTLSInjection() throws {
        let lab = try PracticeLab()
        defer { lab.stop() }
        let result = try LabClientProcess.python("""
            import socket, ssl, sys
            s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=5)
            f = s.makefile('rb')
            f.readline()
            s.sendall(b'EHLO a\\r\\n')
            while not f.readline().startswith(b'250 '): pass
            s.sendall(b'STARTTLS\\r\\nRSET\\r\\n')
            print(f.readline().decode().strip())
            t = ssl.create_default_context(cafile=sys.argv[2]).wrap_socket(s, server_hostname='127.0.0.1')
            t.sendall(b'NOOP\\r\\n')
            print(t.recv(200).decode().strip())
            """, [lab.port(.smtp), lab.caFile])
        #expect(result.status == 0, "\(result.errorOutput)")
        // Had RSET been read, its reply would come before NOOP's.
        #expect(result.output == "220 2.0.0 Ready to start TLS\n250 2.0.0 Ok\n")
    }
}
