#!/usr/bin/env python3
"""Hostile mail servers: each scenario misbehaves in exactly one way, to show what mailrepl does with bad input.

Usage: hostile_server.py --scenario NAME --port-file FILE [--cert CERT --key KEY] [--lifetime SECONDS]
                         [--received-file FILE] [--connections N]

Built on scripted_server.py (same Connection, same bounded lifetime, loopback only): listens on 127.0.0.1 at a
port the kernel picks, writes the port to FILE once it listens, serves --connections connections (default 1) one
after the other, and exits by itself within --lifetime seconds (default 30) whatever the client does.

--received-file FILE: every line the client sent (and any plaintext discarded at a STARTTLS) is appended to FILE,
so that a test can prove a credential never reached the server.

Scenarios, by what they attack:
  line framing (SMTP unless named)
    smtp-huge-line             a greeting line of 64 MiB without CRLF; then its CRLF, "220 ready", a normal server
    smtp-huge-line-close       a greeting line of 64 MiB without CRLF, then the connection closes
    smtp-endless-continuation  EHLO answered with "250-" lines (of 32 KiB each) that never end
    smtp-slow-drip             the greeting arrives one byte per second
    smtp-reset-mid-reply       EHLO answered with two "250-" lines, then a TCP reset
    smtp-bare-line-ends        a greeting ending in a bare LF; an EHLO reply line holding a bare CR
    smtp-nul-bytes             NUL bytes inside the greeting and a reply
    smtp-invalid-utf8          invalid UTF-8 (lone continuation, overlong, surrogate, 5-byte form, 0xFF)
    smtp-terminal-escapes      OSC 0 (window title), CSI 2J (clear screen), OSC 52 (clipboard write), a C1 CSI
  IMAP
    imap-literal-4gib          a FETCH literal announced as {4294967296}, a few bytes of it, then a close
    imap-literal-max64         a literal of 18446744073709551615 bytes (twenty digits, fits in 64 bits), then a close
    imap-literal-20-digits     a literal of 99999999999999999999 bytes (twenty digits, beyond 64 bits), then the OK
    imap-literal-cut           a literal {100} of which 20 bytes arrive before the close
    imap-nested-parens         100,000 nested parentheses in one FETCH line (beyond the line bound)
    imap-nested-parens-short   30,000 nested parentheses (within the line bound)
    imap-unterminated-quote    an untagged LIST line whose quoted string never closes
    imap-unknown-tags          tagged responses for tags never sent (one with an escape sequence in it), one for a
                               tag already completed, then the real completion
    imap-split                 one fixed response; connection i delivers it split at byte offset i (the last
                               connection one byte at a time); use --connections
  POP3
    pop3-unterminated-multiline  RETR's body never gets its "." line: the connection closes
    pop3-multiline-stall         RETR's body never gets its "." line: the server goes quiet
    pop3-dot-stuffing            RETR and CAPA bodies with byte-stuffed lines ("..", "...", "..x")
  STARTTLS (need --cert and --key)
    smtp-starttls-fragment, imap-starttls-fragment, pop3-starttls-fragment
                               the go-ahead is followed, in the same segment, by a fragment without CRLF
    imap-starttls-tagged-injection
                               the tagged go-ahead is followed by tagged completions for the next commands' tags
    imap-starttls-untagged-before
                               an [ALERT] and a CAPABILITY arrive before the tagged go-ahead, which itself carries a
                               [CAPABILITY] code; after TLS the capabilities are different
    smtp-starttls-454, smtp-starttls-502, imap-starttls-no, imap-starttls-bad, pop3-stls-err
                               STARTTLS/STLS advertised, then refused with that reply
    smtp-no-starttls, imap-no-starttls, pop3-no-stls
                               STARTTLS/STLS never advertised
    imap-preauth               a PREAUTH greeting (advertising STARTTLS, which PREAUTH makes impossible)
    smtp-capabilities-change, imap-capabilities-change, pop3-capabilities-change
                               a correct STARTTLS whose capabilities after TLS differ from those before
    smtp-starttls              a correct STARTTLS server (with a bad certificate: refusal after the go-ahead)
    imap-tls-only              implicit-TLS IMAP (wildcard and certificate tests)

Exit status: 0 after the connections ended, 1 on a setup error, 2 when the lifetime ran out.
"""

import socket
import ssl
import struct
import sys
import time

from scripted_server import (Connection, argument_parser, first_word, imap_command, require, serve,
                             serve_minimal_imap, serve_minimal_smtp)

HUGE_LINE_BYTES = 64 * 1024 * 1024


class RecordingConnection(Connection):
    """A Connection that also appends every client line to a file, plaintext discarded at STARTTLS included."""

    def __init__(self, sock: socket.socket, deadline: float, received_path: str | None):
        super().__init__(sock, deadline)
        self.received_path = received_path
        # Each send leaves at once: the drip and split scenarios depend on where one send ends.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def record(self, data: bytes) -> None:
        if self.received_path:
            with open(self.received_path, "ab") as f:
                f.write(data)

    def read_line(self, until: float | None = None) -> str | None:
        line = super().read_line(until)
        if line is not None:
            self.record(line.encode("utf-8", errors="replace") + b"\n")
        return line

    def start_tls(self, context: ssl.SSLContext) -> None:
        self.record(self.buffer)
        super().start_tls(context)

    def send_quietly(self, data: bytes) -> None:
        """Sends without logging each chunk (for the megabytes of the flooding scenarios)."""
        self.sock.sendall(data)

    def reset(self) -> None:
        """Ends the connection with a TCP RST instead of a FIN: SO_LINGER with a zero time-out."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


# --- Line framing ------------------------------------------------------------------------------------------------

def smtp_huge_line(conn: RecordingConnection, tls, index: int) -> None:
    conn.send(b"220-")
    conn.send_quietly(b"A" * HUGE_LINE_BYTES)
    conn.send(b"\r\n220 ready after a huge line\r\n")
    serve_minimal_smtp(conn)


def smtp_huge_line_close(conn: RecordingConnection, tls, index: int) -> None:
    conn.send(b"220-")
    conn.send_quietly(b"A" * HUGE_LINE_BYTES)


def smtp_endless_continuation(conn: RecordingConnection, tls, index: int) -> None:
    conn.send_line("220 endless ESMTP")
    while (line := conn.read_line()) is not None:
        if first_word(line) in ("EHLO", "HELO"):
            conn.send(b"250-endless\r\n")
            number = 0
            # Until the client gives up (the send fails) or the lifetime ends.
            # Long lines (32 KiB, within the line bound): a client that kept every EHLO keyword whole would
            # need 32 MiB for the first thousand.
            padding = b"x" * 32_768
            while time.monotonic() < conn.deadline:
                batch = b"".join(b"250-X-ENDLESS-%d %s\r\n" % (number + i, padding) for i in range(100))
                number += 100
                conn.send_quietly(batch)
            return
        conn.send_line("250 OK")


def smtp_slow_drip(conn: RecordingConnection, tls, index: int) -> None:
    for byte in b"220 slow\r\n":
        conn.send_quietly(bytes([byte]))
        time.sleep(1.0)
    serve_minimal_smtp(conn)


def smtp_reset_mid_reply(conn: RecordingConnection, tls, index: int) -> None:
    conn.send_line("220 reset ESMTP")
    while (line := conn.read_line()) is not None:
        if first_word(line) in ("EHLO", "HELO"):
            conn.send(b"250-first line\r\n250-second line\r\n")
            # Long enough for the client to read both lines before the reset discards its receive queue.
            time.sleep(0.5)
            conn.reset()
            return
        conn.send_line("250 OK")


def smtp_bare_line_ends(conn: RecordingConnection, tls, index: int) -> None:
    conn.send(b"220 bare LF greeting\n")
    serve_minimal_smtp(conn, ehlo=b"250-one\rtwo\r\n250 last\r\n")


def smtp_nul_bytes(conn: RecordingConnection, tls, index: int) -> None:
    conn.send(b"220 nul\x00here ESMTP\r\n")
    serve_minimal_smtp(conn, ehlo=b"250-x\x00y\r\n250 \x00\r\n")


def smtp_invalid_utf8(conn: RecordingConnection, tls, index: int) -> None:
    conn.send(b"220 caf\xe9 \x80 \xc0\xaf \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xff ok\r\n")
    serve_minimal_smtp(conn)


TERMINAL_ESCAPES = (b"220-\x1b]0;pwned title\x07 window title\r\n"
                    b"220-\x1b[2J\x1b[H cleared screen\r\n"
                    b"220-\x1b]52;c;cm0gLXJmIH4=\x07 clipboard write\r\n"
                    b"220 \xc2\x9b31m C1 CSI\r\n")


def smtp_terminal_escapes(conn: RecordingConnection, tls, index: int) -> None:
    conn.send(TERMINAL_ESCAPES)
    serve_minimal_smtp(conn)


# --- IMAP --------------------------------------------------------------------------------------------------------

def imap_first_command(conn: RecordingConnection, greeting: bytes = b"* OK hostile IMAP ready\r\n") -> str | None:
    """Greets and returns the tag of the first command, answering CAPABILITY on the way."""
    conn.send(greeting)
    while (line := conn.read_line()) is not None:
        tag, command = imap_command(line)
        if command == "CAPABILITY":
            conn.send(f"* CAPABILITY IMAP4rev1\r\n{tag} OK done\r\n".encode())
            continue
        return tag
    return None


def imap_literal_4gib(conn: RecordingConnection, tls, index: int) -> None:
    if imap_first_command(conn) is not None:
        conn.send(b"* 1 FETCH (BODY[] {4294967296}\r\n" + b"x" * 1000)


def imap_literal_max64(conn: RecordingConnection, tls, index: int) -> None:
    if imap_first_command(conn) is not None:
        conn.send(b"* 1 FETCH (BODY[] {18446744073709551615}\r\n" + b"y" * 1000)


def imap_literal_20_digits(conn: RecordingConnection, tls, index: int) -> None:
    if (tag := imap_first_command(conn)) is not None:
        conn.send(f"* 1 FETCH (BODY[] {{99999999999999999999}}\r\n{tag} OK done\r\n".encode())
        serve_minimal_imap(conn)


def imap_literal_cut(conn: RecordingConnection, tls, index: int) -> None:
    if imap_first_command(conn) is not None:
        conn.send(b"* 1 FETCH (BODY[] {100}\r\n" + b"twenty bytes of it..")


def imap_nested(depth: int):
    def scenario(conn: RecordingConnection, tls, index: int) -> None:
        if (tag := imap_first_command(conn)) is not None:
            conn.send(b"* 1 FETCH " + b"(" * depth + b")" * depth + b"\r\n" + f"{tag} OK done\r\n".encode())
            serve_minimal_imap(conn)
    return scenario


def imap_unterminated_quote(conn: RecordingConnection, tls, index: int) -> None:
    if (tag := imap_first_command(conn)) is not None:
        conn.send(f'* LIST () "/" "INBOX\r\n{tag} OK done\r\n'.encode())
        serve_minimal_imap(conn)


def imap_unknown_tags(conn: RecordingConnection, tls, index: int) -> None:
    if (tag := imap_first_command(conn)) is None:
        return
    conn.send(f"{tag} OK first command done\r\n".encode())
    line = conn.read_line()
    if line is None:
        return
    second, _ = imap_command(line)
    conn.send(b"zz99 OK [CAPABILITY IMAP4rev1 X-FORGED] never sent\r\n"
              b"\x1b[2Jevil OK a tag with an escape sequence\r\n"
              + f"{tag} OK already completed\r\n{second} OK second command done\r\n".encode())
    serve_minimal_imap(conn)


SPLIT_GREETING = b"* OK [CAPABILITY IMAP4rev1 LITERAL+] split ready\r\n"
# The answer to mailrepl's first command, which it tags a001.
SPLIT_RESPONSE = (b"* 1 FETCH (FLAGS (\\Seen) BODY[] {14}\r\nhello\r\n\r\nworld)\r\n"
                  b"* 2 FETCH (BODY[] {0}\r\n)\r\n"
                  b"* 3 FETCH (BODY[] {5}\r\nab\r\nc UID 3)\r\n"
                  b"* OK [ALERT] \x1b[2J\r\n"
                  b"* 4 EXISTS\n"
                  b"a001 OK FETCH done\r\n")


def imap_split(conn: RecordingConnection, tls, index: int) -> None:
    """Connection `index` splits greeting-plus-response at that byte offset (0: no split); past the end, every
    byte goes in a send of its own."""
    byte_by_byte = index >= len(SPLIT_GREETING) + len(SPLIT_RESPONSE)

    def send_split(data: bytes, offset: int) -> None:
        if byte_by_byte:
            for i in range(len(data)):
                conn.send_quietly(data[i:i + 1])
                time.sleep(0.001)
        elif 0 < offset < len(data):
            conn.send_quietly(data[:offset])
            # Long enough for the client to read the first part on its own.
            time.sleep(0.01)
            conn.send_quietly(data[offset:])
        else:
            conn.send_quietly(data)

    send_split(SPLIT_GREETING, index)
    if conn.read_line() is None:
        return
    send_split(SPLIT_RESPONSE, index - len(SPLIT_GREETING))
    serve_minimal_imap(conn)


# --- POP3 --------------------------------------------------------------------------------------------------------

def pop3_retr_body(conn: RecordingConnection, body: bytes, then_close: bool) -> None:
    conn.send_line("+OK hostile POP3")
    while (line := conn.read_line()) is not None:
        verb = first_word(line)
        if verb == "RETR":
            conn.send(b"+OK message follows\r\n" + body)
            if then_close:
                return
            while conn.read_line() is not None:
                pass
            return
        elif verb == "QUIT":
            conn.send_line("+OK bye")
            return
        else:
            conn.send_line("+OK")


def pop3_unterminated_multiline(conn: RecordingConnection, tls, index: int) -> None:
    pop3_retr_body(conn, b"Subject: never ends\r\n\r\nline 1\r\nline 2\r\n", then_close=True)


def pop3_multiline_stall(conn: RecordingConnection, tls, index: int) -> None:
    pop3_retr_body(conn, b"Subject: stalls\r\n\r\nline 1\r\n", then_close=False)


def pop3_dot_stuffing(conn: RecordingConnection, tls, index: int) -> None:
    conn.send_line("+OK stuffing POP3")
    while (line := conn.read_line()) is not None:
        verb = first_word(line)
        if verb == "RETR":
            # Content lines ".", "..", ".x" and "x.", byte-stuffed (RFC 1939 section 3), then the terminator.
            conn.send(b"+OK 4 lines\r\n..\r\n...\r\n..x\r\nx.\r\n.\r\n")
        elif verb == "CAPA":
            conn.send(b"+OK capabilities\r\nUSER\r\n..X-DOTTED\r\n.\r\n")
        elif verb == "QUIT":
            conn.send_line("+OK bye")
            return
        else:
            conn.send_line("+OK")


# --- STARTTLS ----------------------------------------------------------------------------------------------------

def next_imap_tag(tag: str, step: int) -> str:
    """The tag mailrepl assigns `step` commands after `tag` ("a002" after "a001")."""
    digits = tag.lstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    prefix = tag[:len(tag) - len(digits)]
    return f"{prefix}{int(digits or 0) + step:03d}"


def smtp_starttls_server(reply: bytes | None, ehlo_before: bytes = b"250-hostile\r\n250 STARTTLS\r\n",
                         ehlo_after: bytes = b"250-hostile\r\n250-PIPELINING\r\n250 8BITMIME\r\n"):
    """SMTP whose STARTTLS reply is `reply`: a 220 go-ahead (possibly with bytes after it) upgrades, anything
    else refuses and goes on in plaintext. After TLS, EHLO is answered with `ehlo_after`."""
    def scenario(conn: RecordingConnection, tls, index: int) -> None:
        conn.send_line("220 hostile ESMTP")
        while (line := conn.read_line()) is not None:
            verb = first_word(line)
            if verb in ("EHLO", "HELO"):
                conn.send(ehlo_before)
            elif verb == "STARTTLS" and reply is not None:
                conn.send(reply)
                if reply.startswith(b"220"):
                    conn.start_tls(require(tls))
                    serve_minimal_smtp(conn, ehlo=ehlo_after)
                    return
            elif verb == "QUIT":
                conn.send_line("221 Bye")
                return
            else:
                conn.send_line("250 OK")
    return scenario


def imap_starttls_server(reply, capabilities_before: str = "IMAP4rev1 STARTTLS",
                         capabilities_after: str = "IMAP4rev1 AUTH=PLAIN",
                         greeting: str = "* OK hostile IMAP ready"):
    """IMAP whose STARTTLS is answered by reply(tag) (bytes); an OK for the tag upgrades."""
    def scenario(conn: RecordingConnection, tls, index: int) -> None:
        conn.send_line(greeting)
        while (line := conn.read_line()) is not None:
            tag, command = imap_command(line)
            if command == "CAPABILITY":
                conn.send(f"* CAPABILITY {capabilities_before}\r\n{tag} OK done\r\n".encode())
            elif command == "STARTTLS" and reply is not None:
                answer = reply(tag)
                conn.send(answer)
                if f"{tag} OK".encode() in answer:
                    conn.start_tls(require(tls))
                    while (line := conn.read_line()) is not None:
                        tag, command = imap_command(line)
                        if command == "CAPABILITY":
                            conn.send(f"* CAPABILITY {capabilities_after}\r\n{tag} OK done\r\n".encode())
                        elif command == "LOGOUT":
                            conn.send(f"* BYE logging out\r\n{tag} OK LOGOUT completed\r\n".encode())
                            return
                        else:
                            conn.send_line(f"{tag} OK done")
                    return
            elif command == "LOGOUT":
                conn.send(f"* BYE logging out\r\n{tag} OK LOGOUT completed\r\n".encode())
                return
            else:
                conn.send_line(f"{tag} NO nothing here before TLS")
    return scenario


def pop3_stls_server(reply: bytes | None, capa_before: bytes = b"STLS\r\nUSER\r\n",
                     capa_after: bytes = b"USER\r\nSASL PLAIN\r\n"):
    """POP3 whose STLS is answered by `reply`: +OK upgrades, anything else refuses."""
    def scenario(conn: RecordingConnection, tls, index: int) -> None:
        conn.send_line("+OK hostile POP3")
        upgraded = False
        while (line := conn.read_line()) is not None:
            verb = first_word(line)
            if verb == "CAPA":
                conn.send(b"+OK capability list follows\r\n" + (capa_after if upgraded else capa_before) + b".\r\n")
            elif verb == "STLS" and reply is not None and not upgraded:
                conn.send(reply)
                if reply.startswith(b"+OK"):
                    conn.start_tls(require(tls))
                    upgraded = True
            elif verb == "QUIT":
                conn.send_line("+OK bye")
                return
            else:
                conn.send_line("+OK" if upgraded else "-ERR not before TLS")
    return scenario


def imap_tls_only(conn: RecordingConnection, tls, index: int) -> None:
    conn.start_tls(require(tls))
    conn.send_line("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] tls-only IMAP ready")
    serve_minimal_imap(conn)


SCENARIOS = {
    "smtp-huge-line": smtp_huge_line,
    "smtp-huge-line-close": smtp_huge_line_close,
    "smtp-endless-continuation": smtp_endless_continuation,
    "smtp-slow-drip": smtp_slow_drip,
    "smtp-reset-mid-reply": smtp_reset_mid_reply,
    "smtp-bare-line-ends": smtp_bare_line_ends,
    "smtp-nul-bytes": smtp_nul_bytes,
    "smtp-invalid-utf8": smtp_invalid_utf8,
    "smtp-terminal-escapes": smtp_terminal_escapes,
    "imap-literal-4gib": imap_literal_4gib,
    "imap-literal-max64": imap_literal_max64,
    "imap-literal-20-digits": imap_literal_20_digits,
    "imap-literal-cut": imap_literal_cut,
    "imap-nested-parens": imap_nested(100_000),
    "imap-nested-parens-short": imap_nested(30_000),
    "imap-unterminated-quote": imap_unterminated_quote,
    "imap-unknown-tags": imap_unknown_tags,
    "imap-split": imap_split,
    "pop3-unterminated-multiline": pop3_unterminated_multiline,
    "pop3-multiline-stall": pop3_multiline_stall,
    "pop3-dot-stuffing": pop3_dot_stuffing,
    "smtp-starttls-fragment": smtp_starttls_server(b"220 Ready to start TLS\r\n250 FRAGM"),
    "imap-starttls-fragment": imap_starttls_server(lambda tag: f"{tag} OK Begin TLS\r\n* OK [ALERT] FRAGM".encode()),
    "pop3-starttls-fragment": pop3_stls_server(b"+OK Begin TLS\r\n+OK FRAGM"),
    "imap-starttls-tagged-injection": imap_starttls_server(
        lambda tag: (f"{tag} OK Begin TLS\r\n"
                     f"{next_imap_tag(tag, 1)} OK [CAPABILITY IMAP4rev1 AUTH=PLAIN X-INJECTED] injected\r\n"
                     f"{next_imap_tag(tag, 2)} OK LOGIN completed\r\n").encode()),
    "imap-starttls-untagged-before": imap_starttls_server(
        lambda tag: ("* OK [ALERT] Your password has expired: visit http://evil.example to renew it\r\n"
                     "* CAPABILITY IMAP4rev1 AUTH=PLAIN X-BEFORE-TLS\r\n"
                     f"{tag} OK [CAPABILITY IMAP4rev1 X-GO-AHEAD-CODE] Begin TLS\r\n").encode(),
        capabilities_after="IMAP4rev1 AUTH=SCRAM-SHA-256 X-AFTER-TLS"),
    "smtp-starttls-454": smtp_starttls_server(b"454 4.7.0 TLS not available due to temporary reason\r\n"),
    "smtp-starttls-502": smtp_starttls_server(b"502 5.5.1 Command not implemented\r\n"),
    "imap-starttls-no": imap_starttls_server(lambda tag: f"{tag} NO TLS unavailable\r\n".encode()),
    "imap-starttls-bad": imap_starttls_server(lambda tag: f"{tag} BAD unknown command\r\n".encode()),
    "pop3-stls-err": pop3_stls_server(b"-ERR TLS unavailable\r\n"),
    "smtp-no-starttls": smtp_starttls_server(None, ehlo_before=b"250-hostile\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"),
    "imap-no-starttls": imap_starttls_server(None, capabilities_before="IMAP4rev1 AUTH=PLAIN"),
    "pop3-no-stls": pop3_stls_server(None, capa_before=b"USER\r\nSASL PLAIN\r\n"),
    "imap-preauth": imap_starttls_server(lambda tag: f"{tag} BAD already authenticated\r\n".encode(),
                                         greeting="* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] logged in as alice"),
    "smtp-capabilities-change": smtp_starttls_server(
        b"220 Go ahead\r\n", ehlo_before=b"250-hostile\r\n250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 X-BEFORE-TLS\r\n",
        ehlo_after=b"250-hostile\r\n250-AUTH SCRAM-SHA-256\r\n250 X-AFTER-TLS\r\n"),
    "imap-capabilities-change": imap_starttls_server(
        lambda tag: f"{tag} OK Begin TLS\r\n".encode(),
        capabilities_before="IMAP4rev1 STARTTLS AUTH=PLAIN X-BEFORE-TLS",
        capabilities_after="IMAP4rev1 AUTH=SCRAM-SHA-256 X-AFTER-TLS"),
    "pop3-capabilities-change": pop3_stls_server(
        b"+OK Begin TLS\r\n", capa_before=b"STLS\r\nUSER\r\nX-BEFORE-TLS\r\n",
        capa_after=b"SASL SCRAM-SHA-256\r\nX-AFTER-TLS\r\n"),
    "smtp-starttls": smtp_starttls_server(b"220 Go ahead\r\n"),
    "imap-tls-only": imap_tls_only,
}


def main() -> int:
    parser = argument_parser("Serve connections with one scripted misbehaviour.", SCENARIOS)
    parser.add_argument("--received-file")
    parser.add_argument("--connections", type=int, default=1)
    args = parser.parse_args()
    return serve(args, SCENARIOS[args.scenario], connections=args.connections,
                 make_connection=lambda sock, deadline: RecordingConnection(sock, deadline, args.received_file))


if __name__ == "__main__":
    sys.exit(main())
