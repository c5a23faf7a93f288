"""Python's smtplib as a benchmark peer: connect, read the greeting, QUIT.

Usage: peer_smtp.py HOST PORT
"""

import smtplib
import sys


def main(argv: list[str]) -> int:
    host, port = argv
    smtp = smtplib.SMTP(host, int(port))
    smtp.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
