extension SMTPMessageBody {
    /// The lines of a message file, whatever its line ends (CRLF, LF or a bare CR), without terminators.
    /// A final line without a line end is still a line; an empty file has no lines.
    public static func lines(of file: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < file.count {
            let byte = file[index]
            if byte == 13 || byte == 10 {
                lines.append(current)
                current.removeAll(keepingCapacity: true)
                if byte == 13 && index + 1 < file.count && file[index + 1] == 10 {
                    index += 1
                }
            } else {
                current.append(byte)
            }
            index += 1
        }
        if !current.isEmpty {
            lines.append(current)
        }
        return lines
    }
}
