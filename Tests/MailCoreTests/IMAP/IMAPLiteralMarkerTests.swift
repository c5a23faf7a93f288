import Testing
@testable import MailCore

@Suite("IMAPLiteralMarker")
struct IMAPLiteralMarkerTests {
    @Test("markers IMAP allows (RFC 9051 §4.3, RFC 7888, RFC 3516)", arguments: [
        ("* 1 FETCH (BODY[] {0}", UInt64(0), false, false),
        ("x {4294967296}", 4_294_967_296, false, false),
        ("x {18446744073709551615}", UInt64.max, false, false),
        ("x {00000000000000000012}", 12, false, false),
        ("APPEND INBOX {12+}", 12, true, false),
        ("* 1 FETCH (BINARY[] ~{5}", 5, false, true),
        ("APPEND INBOX ~{7+}", 7, true, true),
        ("{3}", 3, false, false),
    ])
    func valid(_ line: String, _ length: UInt64, _ nonSynchronizing: Bool, _ binary: Bool) throws {
        let marker = try #require(IMAPLiteralMarker(endOf: Array(line.utf8)))
        #expect(marker.length == length)
        #expect(marker.isNonSynchronizing == nonSynchronizing)
        #expect(marker.isBinary == binary)
    }

    @Test("not a marker", arguments: [
        "x {18446744073709551616}",      // overflows 64 bits
        "x {99999999999999999999}",      // 20 digits, overflows
        "x {123456789012345678901}",     // 21 digits
        "x {000000000000000000001}",     // 21 digits, small value
        "x {}", "x {+}", "x {-1}", "x {1 }", "x { 1}", "x {1a}", "x {5}.", "x 5}", "", "}", "x {5++}",
        "x {5} ",
    ])
    func invalid(_ line: String) {
        #expect(IMAPLiteralMarker(endOf: Array(line.utf8)) == nil)
    }
}
