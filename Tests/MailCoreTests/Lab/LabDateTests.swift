import Testing
@testable import MailCore

@Suite("LabDate")
struct LabDateTests {
    @Test("epoch seconds to RFC 5322 and IMAP dates, and back to days for SEARCH")
    func dates() {
        #expect(LabDate(secondsSince1970: 0).rfc5322 == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(LabDate(secondsSince1970: 1_700_000_000).rfc5322 == "Tue, 14 Nov 2023 22:13:20 +0000")
        #expect(LabDate(secondsSince1970: 951_782_400).imap == "29-Feb-2000 00:00:00 +0000")
        #expect(IMAPLabSearch.dayNumber("29-Feb-2000") == 951_782_400 / 86_400)
        #expect(IMAPLabSearch.dayNumber("1-Jan-1970") == 0)
        #expect(IMAPLabSearch.dayNumber("14-Nov-2023") == 1_700_000_000 / 86_400)
    }
}
