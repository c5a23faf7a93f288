#!/usr/bin/env python3
"""A mail server that misbehaves on purpose, for tests that real servers cannot provide.

Usage: scripted_server.py --scenario NAME --port-file FILE [--cert CERT --key KEY] [--lifetime SECONDS]

Listens on 127.0.0.1 at a port the kernel picks, writes that port (decimal, newline) to FILE once it listens,
serves exactly one connection, then exits. It always exits by itself within --lifetime seconds (default 30),
whatever the client does. Scenarios that speak TLS need --cert and --key (for example SERVER_CERT/SERVER_KEY from
start.sh's env, or the wrongname/expired/selfsigned ones to provoke certificate refusals).

Scenarios:
  smtp-starttls-injection  SMTP whose STARTTLS reply carries an extra "250 INJECTED" line in the same segment:
                           plaintext a client must not take for a reply received over TLS (RFC 3207 section 4.2:
                           after the handshake the client discards what it learned from the server before it)
  imap-starttls-injection  IMAP; the STARTTLS reply is followed by "* OK [ALERT] INJECTED" in the same segment
  pop3-starttls-injection  POP3; the STLS reply is followed by "+OK INJECTED" in the same segment
  tls-only                 implicit-TLS SMTP (RFC 8314): TLS handshake first, then "220 tls-only ESMTP"
  bye-later                IMAP that sends "* BYE server shutting down" 3 s after the connection opens, then closes

Exit status: 0 after the connection ended, 1 on a setup error, 2 when the lifetime ran out.
"""

import argparse
import os
import select
import socket
import ssl
import sys
import threading
import time

DEFAULT_LIFETIME = 30.0


class Connection:
    """One client connection: line reading with a deadline, sending, and upgrading to TLS in place."""

    def __init__(self, sock: socket.socket, deadline: float):
        self.sock = sock
        self.deadline = deadline
        self.buffer = b""

    def send(self, data: bytes) -> None:
        """Sends data in a single send() call where the kernel takes it all (it does for these short replies),
        so that several replies arrive in one TCP segment."""
        sent = self.sock.send(data)
        if sent < len(data):
            self.sock.sendall(data[sent:])
        log("S: " + repr(data))

    def send_line(self, line: str) -> None:
        self.send(line.encode("utf-8") + b"\r\n")

    def read_line(self, until: float | None = None) -> str | None:
        """Returns the next line without its line end; None at end of input or when `until` (or the lifetime)
        passes first."""
        limit = min(until, self.deadline) if until is not None else self.deadline
        while b"\n" not in self.buffer:
            remaining = limit - time.monotonic()
            if remaining <= 0:
                return None
            # Data already decrypted inside the TLS object does not show up in select().
            pending = isinstance(self.sock, ssl.SSLSocket) and self.sock.pending() > 0
            if not pending:
                readable, _, _ = select.select([self.sock], [], [], remaining)
                if not readable:
                    return None
            chunk = self.sock.recv(4096)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        text = line.rstrip(b"\r").decode("utf-8", errors="replace")
        log("C: " + repr(text))
        return text

    def start_tls(self, context: ssl.SSLContext) -> None:
        """Performs the server side of the TLS handshake. Anything the client sent in plaintext after its
        STARTTLS command is thrown away rather than read as if it had come over TLS."""
        if self.buffer:
            log("discarding plaintext sent after STARTTLS: " + repr(self.buffer))
            self.buffer = b""
        self.sock.settimeout(max(0.1, self.deadline - time.monotonic()))
        self.sock = context.wrap_socket(self.sock, server_side=True)
        self.sock.settimeout(None)
        log("TLS established: " + str(self.sock.version()))


def log(message: str) -> None:
    print(f"scripted_server: {message}", file=sys.stderr, flush=True)


def first_word(line: str) -> str:
    return line.split(" ", 1)[0].upper()


def imap_command(line: str) -> tuple[str, str]:
    """Splits an IMAP command line into (tag, upper-case command name)."""
    parts = line.split(" ", 2)
    tag = parts[0] if parts and parts[0] else "*"
    command = parts[1].upper() if len(parts) > 1 else ""
    return tag, command


# --- Minimal servers used after the interesting part of each scenario --------------------------------------------

def serve_minimal_smtp(conn: Connection, ehlo: bytes = b"250-fake\r\n250-PIPELINING\r\n250 8BITMIME\r\n") -> None:
    """EHLO gets `ehlo` (a few keywords), QUIT ends the session, anything else gets 250."""
    while (line := conn.read_line()) is not None:
        verb = first_word(line)
        if verb in ("EHLO", "HELO"):
            conn.send(ehlo)
        elif verb == "QUIT":
            conn.send_line("221 Bye")
            return
        else:
            conn.send_line("250 OK")


def serve_minimal_imap(conn: Connection) -> None:
    """CAPABILITY is answered, LOGOUT ends the session, anything else gets a tagged OK."""
    while (line := conn.read_line()) is not None:
        tag, command = imap_command(line)
        if command == "CAPABILITY":
            conn.send(f"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK CAPABILITY completed\r\n".encode())
        elif command == "LOGOUT":
            conn.send(f"* BYE logging out\r\n{tag} OK LOGOUT completed\r\n".encode())
            return
        else:
            conn.send_line(f"{tag} OK done")


def serve_minimal_pop3(conn: Connection) -> None:
    """CAPA is answered (multi-line), QUIT ends the session, anything else gets +OK."""
    while (line := conn.read_line()) is not None:
        verb = first_word(line)
        if verb == "CAPA":
            conn.send(b"+OK capability list follows\r\nUSER\r\nUIDL\r\n.\r\n")
        elif verb == "QUIT":
            conn.send_line("+OK bye")
            return
        else:
            conn.send_line("+OK")


# --- Scenarios ---------------------------------------------------------------------------------------------------

def smtp_starttls_injection(conn: Connection, tls: ssl.SSLContext | None) -> None:
    conn.send_line("220 fake ESMTP")
    while (line := conn.read_line()) is not None:
        verb = first_word(line)
        if verb in ("EHLO", "HELO"):
            conn.send(b"250-fake\r\n250 STARTTLS\r\n")
        elif verb == "STARTTLS":
            conn.send(b"220 Ready\r\n250 INJECTED\r\n")
            conn.start_tls(require(tls))
            serve_minimal_smtp(conn)
            return
        elif verb == "QUIT":
            conn.send_line("221 Bye")
            return
        else:
            conn.send_line("250 OK")


def imap_starttls_injection(conn: Connection, tls: ssl.SSLContext | None) -> None:
    conn.send_line("* OK [CAPABILITY IMAP4rev1 STARTTLS] fake")
    while (line := conn.read_line()) is not None:
        tag, command = imap_command(line)
        if command == "STARTTLS":
            conn.send(f"{tag} OK Begin TLS\r\n* OK [ALERT] INJECTED\r\n".encode())
            conn.start_tls(require(tls))
            serve_minimal_imap(conn)
            return
        elif command == "CAPABILITY":
            conn.send(f"* CAPABILITY IMAP4rev1 STARTTLS\r\n{tag} OK CAPABILITY completed\r\n".encode())
        elif command == "LOGOUT":
            conn.send(f"* BYE logging out\r\n{tag} OK LOGOUT completed\r\n".encode())
            return
        else:
            conn.send_line(f"{tag} OK done")


def pop3_starttls_injection(conn: Connection, tls: ssl.SSLContext | None) -> None:
    conn.send_line("+OK fake")
    while (line := conn.read_line()) is not None:
        verb = first_word(line)
        if verb == "CAPA":
            conn.send(b"+OK capability list follows\r\nSTLS\r\nUSER\r\n.\r\n")
        elif verb == "STLS":
            conn.send(b"+OK Begin TLS\r\n+OK INJECTED\r\n")
            conn.start_tls(require(tls))
            serve_minimal_pop3(conn)
            return
        elif verb == "QUIT":
            conn.send_line("+OK bye")
            return
        else:
            conn.send_line("+OK")


def tls_only(conn: Connection, tls: ssl.SSLContext | None) -> None:
    conn.start_tls(require(tls))
    conn.send_line("220 tls-only ESMTP")
    serve_minimal_smtp(conn)


def bye_later(conn: Connection, tls: ssl.SSLContext | None) -> None:
    bye_at = time.monotonic() + 3.0
    conn.send_line("* OK ready")
    while (line := conn.read_line(until=bye_at)) is not None:
        tag, command = imap_command(line)
        if command == "LOGOUT":
            conn.send(f"* BYE logging out\r\n{tag} OK LOGOUT completed\r\n".encode())
            return
        conn.send_line(f"{tag} OK done")
    if time.monotonic() >= bye_at:
        conn.send_line("* BYE server shutting down")


SCENARIOS = {
    "smtp-starttls-injection": smtp_starttls_injection,
    "imap-starttls-injection": imap_starttls_injection,
    "pop3-starttls-injection": pop3_starttls_injection,
    "tls-only": tls_only,
    "bye-later": bye_later,
}

NEEDS_TLS = {"smtp-starttls-injection", "imap-starttls-injection", "pop3-starttls-injection", "tls-only"}


class SetupError(Exception):
    pass


def require(tls: ssl.SSLContext | None) -> ssl.SSLContext:
    if tls is None:
        raise SetupError("this scenario needs --cert and --key")
    return tls


def close(sock: socket.socket) -> None:
    """Closes the connection, ending TLS with close_notify first so that a well-behaved client does not see a
    truncation (an EOF without close_notify) where the scenario intended none."""
    try:
        if isinstance(sock, ssl.SSLSocket):
            sock.settimeout(1.0)
            sock = sock.unwrap()
    except (ssl.SSLError, OSError):
        pass
    try:
        sock.close()
    except OSError:
        pass


def write_port_file(path: str, port: int) -> None:
    """Writes the port atomically, so a reader polling the file never sees a partial number."""
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w") as f:
        f.write(f"{port}\n")
    os.replace(temporary, path)


def argument_parser(description: str, scenarios) -> argparse.ArgumentParser:
    """The options every scripted server takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scenario", required=True, choices=sorted(scenarios))
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--lifetime", type=float, default=DEFAULT_LIFETIME)
    return parser


def serve(args: argparse.Namespace, scenario, connections: int = 1, make_connection=Connection) -> int:
    """Listens on 127.0.0.1, writes the port to --port-file and serves `connections` connections one after the
    other, each with scenario(conn, tls, index), all within --lifetime seconds. Returns the exit status."""
    # The bounded lifetime does not depend on the client behaving: a timer ends the process regardless.
    def expire() -> None:
        log(f"lifetime of {args.lifetime:g} s over, exiting")
        os._exit(2)

    timer = threading.Timer(args.lifetime, expire)
    timer.daemon = True
    timer.start()
    deadline = time.monotonic() + args.lifetime

    tls = None
    if args.cert or args.key:
        if not (args.cert and args.key):
            log("--cert and --key go together")
            return 1
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.cert, args.key)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    write_port_file(args.port_file, listener.getsockname()[1])
    for index in range(connections):
        listener.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            sock, peer = listener.accept()
        except socket.timeout:
            log("no connection arrived")
            return 2
        if index == connections - 1:
            # The last one: a client that comes after it is refused rather than left waiting.
            listener.close()
        log(f"connection {index} from {peer[0]}:{peer[1]}, scenario {args.scenario}")
        conn = make_connection(sock, deadline)
        try:
            scenario(conn, tls, index)
        except SetupError as error:
            log(str(error))
            return 1
        except (ssl.SSLError, OSError) as error:
            # Clients are expected to abort: on a refused certificate, injected plaintext, a flood.
            log(f"connection ended: {error}")
        finally:
            close(conn.sock)
    log("done")
    return 0


def main() -> int:
    args = argument_parser("Serve one connection with a scripted misbehaviour.", SCENARIOS).parse_args()
    if args.scenario in NEEDS_TLS and not (args.cert or args.key):
        log(f"scenario {args.scenario} needs --cert and --key")
        return 1
    return serve(args, lambda conn, tls, index: SCENARIOS[args.scenario](conn, tls))


if __name__ == "__main__":
    sys.exit(main())
