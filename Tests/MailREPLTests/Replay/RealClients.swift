import Foundation

/// The sessions of transcripts/ as real clients play them: each does what the transcript's client did, so that a
/// served transcript answers it to the end.
enum RealClients {
    /// Python's smtplib: EHLO, STARTTLS, EHLO again, AUTH PLAIN (initial response), one message, QUIT.
    static let smtpSubmission = """
        import smtplib, ssl, sys
        port, ca = int(sys.argv[1]), sys.argv[2]
        s = smtplib.SMTP('127.0.0.1', port, local_hostname='client.example', timeout=20)
        s.ehlo()
        s.starttls(context=ssl.create_default_context(cafile=ca))
        s.ehlo()
        s.user, s.password = 'alice@example.test', 'whatever-the-user-types'
        print(s.auth('PLAIN', s.auth_plain))
        print(s.mail('alice@example.test'))
        print(s.rcpt('bob@example.test'))
        print(s.data(b'From: alice@example.test\\r\\nTo: bob@example.test\\r\\nSubject: sent through submission'
                     b'\\r\\n\\r\\nHi Bob, this went over STARTTLS after AUTH PLAIN.\\r\\n'))
        print(s.quit())
        """

    /// smtplib with a wrong password: 535 is an SMTPAuthenticationError; the transcript's client then left.
    static let smtpAuthFailure = """
        import smtplib, ssl, sys
        port, ca = int(sys.argv[1]), sys.argv[2]
        s = smtplib.SMTP('127.0.0.1', port, local_hostname='client.example', timeout=20)
        s.ehlo()
        s.starttls(context=ssl.create_default_context(cafile=ca))
        s.ehlo()
        s.user, s.password = 'alice@example.test', 'not-the-password'
        try:
            s.auth('PLAIN', s.auth_plain)
            sys.exit('expected 535')
        except smtplib.SMTPAuthenticationError as error:
            print('refused:', error.smtp_code, error.smtp_error)
        s.close()
        """

    /// imaplib: it asks CAPABILITY by itself, then STARTTLS and CAPABILITY again; IDLE (not in imaplib before
    /// Python 3.14) is sent with imaplib's own tag and socket.
    static let imapSession = """
        import imaplib, ssl, sys
        port, ca = int(sys.argv[1]), sys.argv[2]
        m = imaplib.IMAP4('127.0.0.1', port)
        m.starttls(ssl_context=ssl.create_default_context(cafile=ca))
        print(m.login('alice@example.test', 'whatever-the-user-types'))
        print(m.select('INBOX'))
        print(m.fetch('1', '(FLAGS BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])'))
        print(m.search(None, 'UNSEEN'))
        tag = m._new_tag()
        m.send(tag + b' IDLE\\r\\n')
        assert m.readline().startswith(b'+'), 'no continuation for IDLE'
        print('during IDLE:', m.readline(), m.readline())
        m.send(b'DONE\\r\\n')
        done = m.readline()
        assert done.startswith(tag + b' OK'), done
        print(done)
        print(m.logout())
        """

    /// imaplib over implicit TLS: flags changed by another client, seen after NOOP.
    static let imapFlags = """
        import imaplib, ssl, sys
        port, ca = int(sys.argv[1]), sys.argv[2]
        m = imaplib.IMAP4_SSL('127.0.0.1', port, ssl_context=ssl.create_default_context(cafile=ca))
        print(m.login('alice@example.test', 'whatever-the-user-types'))
        print(m.select('INBOX'))
        before = m.fetch('2', '(FLAGS)')
        print(m.noop())
        after = m.fetch('2', '(FLAGS)')
        print(before, after)
        assert b'Flagged' not in before[1][0] and b'Flagged' in after[1][0]
        print(m.logout())
        """

    /// poplib: stls() asks CAPA first; the transcript's client asked CAPA again after TLS.
    static let pop3Session = """
        import poplib, ssl, sys
        port, ca = int(sys.argv[1]), sys.argv[2]
        p = poplib.POP3('127.0.0.1', port, timeout=20)
        p.stls(context=ssl.create_default_context(cafile=ca))
        print(p.capa())
        print(p.user('alice@example.test'))
        print(p.pass_('whatever-the-user-types'))
        print(p.stat())
        print(p.list())
        response, lines, octets = p.retr(1)
        assert b'..' in lines and b'.hidden line' in lines, lines
        print(response, len(lines), octets)
        print(p.dele(1))
        print(p.quit())
        """
}
