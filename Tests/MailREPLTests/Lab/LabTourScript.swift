/// What a learner types for each step of the story tour, in order: the tmux test types it key by key, the script
/// test pipes it.
enum LabTourScript {
    static let story: [[String]] = [
        ["EHLO me.example"],
        ["MAIL FROM:<alice@lab.test>"],
        ["RCPT TO:<bob@lab.test>"],
        ["DATA"],
        ["Subject: Hello Bob", "", "Hi Bob, this is Alice.", "."],
        ["QUIT"],
        [".connect imaps"],
        ["LOGIN bob@lab.test builder"],
        ["SELECT INBOX"],
        ["FETCH 1 BODY[]"],
        [".connect imaps"],
        ["LOGIN bob@lab.test builder"],
        ["SELECT INBOX"],
        ["FETCH 1 FLAGS"],
        [".connect pop3s"],
        ["USER bob@lab.test"],
        ["PASS builder"],
        ["STAT"],
        ["RETR 1"],
        ["DELE 1"],
        ["QUIT"],
        [".connect imaps"],
        ["LOGIN bob@lab.test builder"],
        ["SELECT INBOX"],
    ]
}
