"""Python's imaplib as a benchmark peer: what a person would write to do the same as mailrepl's script.

Usage:
  peer_imap.py fetch HOST PORT CAFILE USER PASSWORD MAILBOX UID   body of one message to standard output
  peer_imap.py flags HOST PORT CAFILE USER PASSWORD MAILBOX       FETCH 1:* (FLAGS), one line per message
  peer_imap.py greet HOST PORT CAFILE                             connect over TLS, read the greeting, LOGOUT
"""

import imaplib
import ssl
import sys


def connect(host: str, port: str, cafile: str) -> imaplib.IMAP4_SSL:
    return imaplib.IMAP4_SSL(host, int(port), ssl_context=ssl.create_default_context(cafile=cafile))


def main(argv: list[str]) -> int:
    mode, host, port, cafile, *rest = argv
    imap = connect(host, port, cafile)
    if mode == "greet":
        imap.logout()
        return 0
    user, password, mailbox, *selection = rest
    imap.login(user, password)
    imap.select(mailbox, readonly=True)
    out = sys.stdout.buffer
    if mode == "fetch":
        status, data = imap.uid("FETCH", selection[0], "(BODY[])")
        if status != "OK" or not data or not isinstance(data[0], tuple):
            return 1
        out.write(data[0][1])
    elif mode == "flags":
        status, data = imap.fetch("1:*", "(FLAGS)")
        if status != "OK":
            return 1
        for line in data:
            out.write(line + b"\n")
    imap.logout()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
