/// Message content for SMTP DATA (RFC 5321 §4.1.1.4, §4.5.2).
///
/// Lines end in CRLF on the wire, whatever the file used; a line that starts with "." gets a second "." so the
/// server cannot take it for the end of data (transparency, §4.5.2); the data ends with CRLF "." CRLF.
public enum SMTPMessageBody {
    /// The bytes to send after a 354 for the message in `file`: normalised, dot-stuffed and terminated. An empty
    /// file sends the end marker alone: the CRLF of the DATA command line is its first half (§4.1.1.4).
    public static func dataBytes(for file: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(file.count + file.count / 40 + 5)
        for line in lines(of: file) {
            out += stuff(line).wire
        }
        out += Array(".\r\n".utf8)
        return out
    }

    /// One typed line of message content: dot-stuffed when it starts with "." (a lone "." ends the data and is
    /// not passed here).
    public static func stuff(_ line: [UInt8]) -> (wire: [UInt8], stuffed: Bool) {
        if line.first == UInt8(ascii: ".") {
            return ([UInt8(ascii: ".")] + line + [UInt8].crlf, true)
        }
        return (line + [UInt8].crlf, false)
    }
}
