/// A likely cause, in words, for an OpenSSL handshake error text; nil when the text is not recognised.
///
/// Matching is on OpenSSL's reason strings, which are stable across 1.1 and 3.x.
enum TLSHandshakeHint {
    static func hint(for reason: String, serverName: String) -> String? {
        let text = reason.lowercased()
        func mentions(_ fragments: String...) -> Bool {
            fragments.contains { text.contains($0) }
        }
        // A plaintext greeting ("220 …", "* OK …", "+OK …") read as a TLS record header gives these.
        if mentions("wrong version number", "packet length too long", "record layer failure", "http request",
                    "record length mismatch") {
            return "the server answered in plaintext: this port probably does not speak implicit TLS; "
                + "try the STARTTLS form (smtp:// with --starttls, or port 587/143/110)"
        }
        if mentions("unexpected eof", "connection reset", "econnreset", "broken pipe") {
            return "the server closed during the handshake: it may not speak TLS on this port, or it refused "
                + "this client's hello"
        }
        if mentions("unsupported protocol", "protocol version", "no protocols available") {
            return "the server offers only TLS versions older than 1.2, which are no longer safe; "
                + "mailrepl requires TLS 1.2 or newer (RFC 8996)"
        }
        if mentions("unrecognized name") {
            return "the server does not know the name \(serverName) sent in SNI; check the host name"
        }
        if mentions("no shared cipher", "handshake failure", "no suitable signature algorithm") {
            return "the server and mailrepl have no cipher suite or signature algorithm in common"
        }
        if mentions("certificate required") {
            return "the server requires a client certificate, which mailrepl does not send"
        }
        return nil
    }
}
