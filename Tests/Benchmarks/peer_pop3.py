"""Python's poplib as a benchmark peer: RETR of one message to standard output, as a person would write it.

Usage: peer_pop3.py HOST PORT CAFILE USER PASSWORD NUMBER
"""

import poplib
import ssl
import sys


def main(argv: list[str]) -> int:
    host, port, cafile, user, password, number = argv
    pop = poplib.POP3_SSL(host, int(port), context=ssl.create_default_context(cafile=cafile))
    pop.user(user)
    pop.pass_(password)
    response, lines, _ = pop.retr(int(number))
    if not response.startswith(b"+OK"):
        return 1
    out = sys.stdout.buffer
    for line in lines:
        out.write(line + b"\r\n")
    pop.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
