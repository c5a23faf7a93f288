import Testing
@testable import MailCore

@Suite("Explain: SASL challenges")
struct ExplainSASLChallengeTests {
    @Test func decodesPrintableChallenges() {
        #expect(ResponseExplainer.decodeSASLChallenge("334 VXNlcm5hbWU6") == "Username:")
        #expect(ResponseExplainer.decodeSASLChallenge("334 UGFzc3dvcmQ6") == "Password:")
        #expect(ResponseExplainer.decodeSASLChallenge("+ VXNlcm5hbWU6") == "Username:")
        #expect(ResponseExplainer.decodeSASLChallenge("+VXNlcm5hbWU6\r\n") == "Username:")
        #expect(ResponseExplainer.decodeSASLChallenge("VXNlcm5hbWU6") == "Username:")
        // CRAM-MD5 challenge (RFC 2195 §2 example).
        #expect(ResponseExplainer.decodeSASLChallenge("+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+")
                    == "<1896.697170952@postoffice.reston.mci.net>")
        #expect(ResponseExplainer.decodeSASLChallenge("334 YQ==") == "a")
        #expect(ResponseExplainer.decodeSASLChallenge("334 YWI=") == "ab")
    }

    @Test func leavesEverythingElseAlone() {
        #expect(ResponseExplainer.decodeSASLChallenge("+ Ready for literal data") == nil)
        #expect(ResponseExplainer.decodeSASLChallenge("+ idling") == nil)
        #expect(ResponseExplainer.decodeSASLChallenge("334 ") == nil)
        #expect(ResponseExplainer.decodeSASLChallenge("+") == nil)
        #expect(ResponseExplainer.decodeSASLChallenge("334 VXNlcm5hbWU") == nil, "not a multiple of 4")
        #expect(ResponseExplainer.decodeSASLChallenge("334 VX=lcm5hbWU6") == nil, "padding in the middle")
        #expect(ResponseExplainer.decodeSASLChallenge("334 Y===") == nil, "three padding characters")
        #expect(ResponseExplainer.decodeSASLChallenge("334 AAECAw==") == nil, "control characters")
        #expect(ResponseExplainer.decodeSASLChallenge("334 //79") == nil, "not UTF-8")
    }
}
