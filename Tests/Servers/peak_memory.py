#!/usr/bin/env python3
"""Runs a command and writes its peak resident memory (KiB, from the kernel's rusage) to a file.

Usage: peak_memory.py OUTPUT_FILE COMMAND [ARGUMENTS...]

Standard input, output and error pass through; the exit status is the command's (128 + N for a signal N). The
command is killed if this wrapper dies first, so a test that gives up on it leaves nothing running.
"""

import ctypes
import resource
import signal
import subprocess
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    status = subprocess.call(sys.argv[2:], preexec_fn=die_with_parent)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(sys.argv[1], "w") as output:
        output.write(f"{peak}\n")
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    sys.exit(main())
