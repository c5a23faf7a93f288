#!/usr/bin/python3
"""mailrepl side by side with openssl s_client, curl, swaks and Python's imaplib/poplib/smtplib.

Run by Tests/Benchmarks/run.sh, which builds mailrepl, starts the test servers and stops them again. This script
seeds the mailboxes, runs every client the same number of times in turn (a round of all peers, then the next
round, so that a slow moment of the machine hits them alike), checks that each one really got the data, and
writes the table into docs/performance.md between the "results" markers, leaving the rest of that page alone.

Each run goes through GNU time (/usr/bin/time): the peak resident set size is its %M (the kernel's ru_maxrss for
the client), the CPU time (user + system) the growth of this script's RUSAGE_CHILDREN, the wall time is taken
around the whole fork, exec and wait. The table shows the median wall and CPU time and the largest peak of all
runs.

Usage: bench.py --env STATE/env --mailrepl BINARY --work DIR --doc docs/performance.md [--runs N] [--only KEYS]
"""

import argparse
import dataclasses
import datetime
import os
import platform
import re
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"
BEGIN_MARK = "<!-- results begin: written by Tests/Benchmarks/run.sh -->"
END_MARK = "<!-- results end -->"
MIB = 1024 * 1024


@dataclasses.dataclass
class Peer:
    name: str
    argv: list[str]
    stdin: bytes = b""
    # Returns None when the output shows the work was done, else what is wrong.
    check: object = None
    # A failure that is the result (curl's response-size cap), not a broken benchmark.
    may_fail: bool = False


@dataclasses.dataclass
class Result:
    walls: list[float] = dataclasses.field(default_factory=list)
    cpus: list[float] = dataclasses.field(default_factory=list)
    peaks: list[int] = dataclasses.field(default_factory=list)
    failure: str | None = None

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def peak(self) -> int:
        return max(self.peaks)


@dataclasses.dataclass
class Scenario:
    key: str
    title: str
    peers: list[Peer]
    runs: int
    reference: str | None = "openssl s_client"


class Bench:
    def __init__(self, env: dict[str, str], mailrepl: str, work: Path, runs: int):
        self.env = env
        self.mailrepl = mailrepl
        self.work = work
        self.runs = runs
        self.ca = env["CA_FILE"]
        self.host = env["IMAP_HOST"]
        self.run_counter = 0

    # --- Seeding ------------------------------------------------------------------------------------------------

    def doveadm(self, *arguments: str, stdin: bytes | None = None) -> str:
        # fsync off for the seeding only: twenty thousand messages otherwise take minutes to save.
        command = ["doveadm", "-c", self.env["DOVECOT_CONFIG"], "-o", "mail_fsync=never", *arguments]
        done = subprocess.run(command, input=stdin, capture_output=True, check=True)
        return done.stdout.decode()

    @staticmethod
    def message(name: str, size: int) -> bytes:
        """A plain-text message of about `size` octets (LF line ends; Dovecot serves them as CRLF)."""
        head = (f"From: Bench <bench@example.test>\nTo: Bob <bob@example.test>\nSubject: {name}\n"
                f"Date: Thu, 04 Jan 2024 13:00:00 +0000\nMessage-ID: <{name}@example.test>\n"
                "MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n").encode()
        lines = [head]
        total = len(head)
        number = 0
        while total < size:
            line = f"Line {number:07d} of {name}: the quick brown fox jumps over the lazy dog, 0123456789.\n"
            lines.append(line.encode())
            total += len(line) + 1
            number += 1
        lines.append(f"Last line of {name}.\n".encode())
        return b"".join(lines)

    def seed(self) -> None:
        """bob's INBOX: UID 1 a 1 MB message, UID 2 a 50 MB one. alice: mailboxes m2000 and m20000."""
        started = time.monotonic()
        for uid, (name, size) in enumerate([("one-megabyte", 1 * MIB), ("fifty-megabytes", 50 * MIB)], 1):
            self.doveadm("save", "-u", self.env["BOB_USER"], "-m", "INBOX", stdin=self.message(name, size))
        sizes = self.doveadm("-f", "flow", "fetch", "-u", self.env["BOB_USER"], "uid size.virtual",
                             "mailbox", "INBOX", "all")
        self.sizes = {int(uid): int(size) for uid, size in re.findall(r"uid=(\d+) size\.virtual=(\d+)", sizes)}
        mbox_dir = self.work / "mbox"
        mbox_dir.mkdir(parents=True, exist_ok=True)
        for count in (2000, 20000):
            with open(mbox_dir / f"m{count}", "w") as mbox:
                for number in range(1, count + 1):
                    mbox.write(f"From bench@example.test Thu Jan  4 13:00:00 2024\n"
                               f"From: Bench <bench@example.test>\nTo: Alice <alice@example.test>\n"
                               f"Subject: message {number} of {count}\nDate: Thu, 04 Jan 2024 13:00:00 +0000\n"
                               f"Message-ID: <m{count}-{number}@example.test>\n\nMessage {number}.\n\n")
        os.chmod(self.work, 0o755)
        os.chmod(mbox_dir, 0o755)
        for path in mbox_dir.iterdir():
            os.chmod(path, 0o644)
        # Dovecot's mail processes run as another user: the mbox files are read from there, indexes kept in memory.
        self.doveadm("import", "-u", self.env["ALICE_USER"], f"mbox:{mbox_dir}:INDEX=MEMORY", "", "all")
        status = self.doveadm("mailbox", "status", "-u", self.env["ALICE_USER"], "messages", "m2000", "m20000")
        print(f"bench: seeded in {time.monotonic() - started:.0f} s: bob INBOX {self.sizes}; alice {status.split()}",
              file=sys.stderr)

    def make_transcript(self, path: Path, line_count: int) -> None:
        """An IMAP session of `line_count` lines: FETCH of flags and of bodies (literals), as a recording has."""
        lines = [
            "# mailrepl transcript 1",
            f"# {line_count:,} lines for the rendering benchmark: FETCH responses with flags and bodies.",
            "@0.000 * connect url=imap://127.0.0.1:143",
            "@0.001 * connected address=127.0.0.1 elapsed-ms=0.500",
            "@0.002 S: * OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] Dovecot (Debian) ready.",
            "@0.003 C: a001 SELECT INBOX",
            "@0.004 S: * 100000 EXISTS",
            "@0.004 S: a001 OK [READ-WRITE] Select completed.",
        ]
        tag = 1
        milliseconds = 5
        body = [f"Line {n:03d} of the body, with some words in it to look like text: lorem ipsum dolor."
                for n in range(96)]
        literal_size = sum(len(line) + 2 for line in body)
        while len(lines) < line_count - 4:
            tag += 1
            stamp = f"@{milliseconds // 1000}.{milliseconds % 1000:03d}"
            first = (tag * 100) % 90000 + 1
            if tag % 2:
                lines.append(f"{stamp} C: a{tag:03d} FETCH {first}:{first + 99} (FLAGS)")
                flagged = " \\Flagged"
                lines.extend(f"{stamp} S: * {n} FETCH (FLAGS (\\Seen{flagged if n % 7 == 0 else ''}))"
                             for n in range(first, first + 100))
            else:
                lines.append(f"{stamp} C: a{tag:03d} FETCH {first} BODY[TEXT]")
                lines.append(f"{stamp} S: * {first} FETCH (BODY[TEXT] {{{literal_size}}}")
                lines.extend(f"{stamp} S: {line}" for line in body)
                lines.append(f"{stamp} S: )")
            lines.append(f"{stamp} S: a{tag:03d} OK Fetch completed.")
            milliseconds += 1
        lines = lines[:line_count - 4]
        stamp = f"@{milliseconds // 1000}.{milliseconds % 1000:03d}"
        lines += [f"{stamp} C: a{tag + 1:03d} LOGOUT", f"{stamp} S: * BYE Logging out",
                  f"{stamp} S: a{tag + 1:03d} OK Logout completed.", f"{stamp} * close by=server"]
        path.write_text("\n".join(lines) + "\n")

    # --- Checks -------------------------------------------------------------------------------------------------

    @staticmethod
    def contains(*needles: bytes, minimum_size: int = 0):
        def check(output: Path, status: int) -> str | None:
            if status != 0:
                return f"exit status {status}"
            size = output.stat().st_size
            if size < minimum_size:
                return f"only {size} bytes of output, expected at least {minimum_size}"
            data = output.read_bytes()
            for needle in needles:
                if needle not in data:
                    return f"{needle.decode()!r} missing from the output"
            return None
        return check

    @staticmethod
    def line_count(pattern: bytes, minimum: int):
        def check(output: Path, status: int) -> str | None:
            if status != 0:
                return f"exit status {status}"
            found = output.read_bytes().count(pattern)
            return None if found >= minimum else f"{found} lines with {pattern.decode()!r}, expected {minimum}"
        return check

    @staticmethod
    def succeeded(output: Path, status: int) -> str | None:
        return None if status == 0 else f"exit status {status}"

    # --- Peers --------------------------------------------------------------------------------------------------

    def s_client(self, port: str, lines: list[str]) -> Peer:
        return Peer("openssl s_client",
                    ["openssl", "s_client", "-quiet", "-crlf", "-connect", f"{self.host}:{port}",
                     "-CAfile", self.ca, "-verify_return_error"],
                    stdin="".join(line + "\n" for line in lines).encode())

    def mailrepl_peer(self, url: str, lines: list[str], full: bool = False) -> Peer:
        argv = [self.mailrepl, url, "--cafile", self.ca]
        name = "mailrepl"
        if full:
            argv += ["--color", "always", "--explain", "brief", "--record", "{fresh}"]
            name = "mailrepl --color always --explain brief --record"
        return Peer(name, argv, stdin="".join(line + "\n" for line in lines).encode())

    def fetch_scenario(self, uid: int, label: str) -> Scenario:
        port = self.env["IMAPS_PORT"]
        user, password = self.env["BOB_USER"], self.env["BOB_PASSWORD"]
        name = "one-megabyte" if uid == 1 else "fifty-megabytes"
        check = self.contains(f"Last line of {name}.".encode(), minimum_size=self.sizes[uid] - 4096)
        script = [f"LOGIN {user} {password}", "EXAMINE INBOX", f"UID FETCH {uid} BODY[]", "LOGOUT"]
        peers = [
            self.mailrepl_peer(f"imaps://{self.host}:{port}", script),
            self.s_client(port, [f"a{n} {line}" for n, line in enumerate(script, 1)]),
            Peer("curl", ["curl", "-sS", "--cacert", self.ca, "-u", f"{user}:{password}",
                          f"imaps://{self.host}:{port}/INBOX;UID={uid}"]),
            Peer("Python imaplib", [PYTHON, str(HERE / "peer_imap.py"), "fetch", self.host, port, self.ca, user,
                                    password, "INBOX", str(uid)]),
        ]
        if uid == 2:
            peers.insert(1, self.mailrepl_peer(f"imaps://{self.host}:{port}", script, full=True))
        for peer in peers:
            peer.check = check
        return Scenario(f"imaps-{label}", f"IMAPS `UID FETCH {uid} BODY[]`, {label} message", peers, self.runs)

    def retr_scenario(self, number: int, label: str) -> Scenario:
        port = self.env["POP3S_PORT"]
        user, password = self.env["BOB_USER"], self.env["BOB_PASSWORD"]
        name = "one-megabyte" if number == 1 else "fifty-megabytes"
        check = self.contains(f"Last line of {name}.".encode(), minimum_size=self.sizes[number] - 4096)
        script = [f"USER {user}", f"PASS {password}", f"RETR {number}", "QUIT"]
        peers = [
            self.mailrepl_peer(f"pop3s://{self.host}:{port}", script),
            self.s_client(port, script),
            Peer("curl", ["curl", "-sS", "--cacert", self.ca, "-u", f"{user}:{password}",
                          f"pop3s://{self.host}:{port}/{number}"]),
            Peer("Python poplib", [PYTHON, str(HERE / "peer_pop3.py"), self.host, port, self.ca, user, password,
                                   str(number)]),
        ]
        if number == 2:
            peers.insert(1, self.mailrepl_peer(f"pop3s://{self.host}:{port}", script, full=True))
        for peer in peers:
            peer.check = check
        return Scenario(f"pop3s-{label}", f"POP3S `RETR {number}`, {label} message", peers, self.runs)

    def flags_scenario(self, count: int) -> Scenario:
        port = self.env["IMAPS_PORT"]
        user, password = self.env["ALICE_USER"], self.env["ALICE_PASSWORD"]
        mailbox = f"m{count}"
        script = [f"LOGIN {user} {password}", f"EXAMINE {mailbox}", "FETCH 1:* (FLAGS)", "LOGOUT"]
        peers = [
            self.mailrepl_peer(f"imaps://{self.host}:{port}", script),
            self.s_client(port, [f"a{n} {line}" for n, line in enumerate(script, 1)]),
            Peer("curl", ["curl", "-sS", "--cacert", self.ca, "-u", f"{user}:{password}",
                          f"imaps://{self.host}:{port}/{mailbox}", "-X", "FETCH 1:* (FLAGS)"], may_fail=True),
            Peer("Python imaplib", [PYTHON, str(HERE / "peer_imap.py"), "flags", self.host, port, self.ca, user,
                                    password, mailbox]),
        ]
        if count == 2000:
            peers.insert(1, self.mailrepl_peer(f"imaps://{self.host}:{port}", script, full=True))
        for peer in peers:
            peer.check = self.line_count(b"FLAGS (", count)
        return Scenario(f"flags-{count}", f"IMAPS `FETCH 1:* (FLAGS)`, {count:,} messages", peers, self.runs * 2)

    def startup_scenario(self) -> Scenario:
        peers = [
            Peer("mailrepl --version", [self.mailrepl, "--version"]),
            Peer("openssl version", ["openssl", "version"]),
            Peer("curl --version", ["curl", "--version"]),
            Peer("swaks --version", ["swaks", "--version"]),
            Peer("python3 -c 'import imaplib'", [PYTHON, "-c", "import imaplib"]),
        ]
        for peer in peers:
            peer.check = self.succeeded
        return Scenario("startup", "Start-up", peers, self.runs * 6, reference="openssl version")

    def greeting_scenarios(self) -> list[Scenario]:
        imaps = self.env["IMAPS_PORT"]
        smtp_host, smtp_port = self.env["SMTP_HOST"], self.env["SMTP_MX_PORT"]
        tls_peers = [
            Peer("mailrepl", [self.mailrepl, f"imaps://{self.host}:{imaps}", "--cafile", self.ca],
                 check=self.contains(b"Dovecot")),
            Peer("openssl s_client", ["openssl", "s_client", "-quiet", "-crlf", "-connect", f"{self.host}:{imaps}",
                                      "-CAfile", self.ca, "-verify_return_error"], stdin=b"a1 LOGOUT\n",
                 check=self.contains(b"Dovecot")),
            Peer("Python imaplib", [PYTHON, str(HERE / "peer_imap.py"), "greet", self.host, imaps, self.ca],
                 check=self.succeeded),
        ]
        smtp_peers = [
            Peer("mailrepl", [self.mailrepl, f"smtp://{smtp_host}:{smtp_port}"], check=self.contains(b"ESMTP")),
            Peer("swaks", ["swaks", "--server", f"{smtp_host}:{smtp_port}", "--quit-after", "connect"],
                 check=self.contains(b"ESMTP")),
            Peer("Python smtplib", [PYTHON, str(HERE / "peer_smtp.py"), smtp_host, smtp_port],
                 check=self.succeeded),
        ]
        return [
            Scenario("greeting-imaps", "Connect to greeting, IMAPS (TLS handshake, greeting, LOGOUT)", tls_peers,
                     self.runs * 4),
            Scenario("greeting-smtp", "Connect to greeting, SMTP on port 25 style (greeting, QUIT)", smtp_peers,
                     self.runs * 4, reference="swaks"),
        ]

    def replay_scenario(self) -> Scenario:
        transcript = self.work / "million.transcript"
        if not transcript.exists():
            self.make_transcript(transcript, 1_000_000)
        peers = [
            Peer("mailrepl replay --speed 0", [self.mailrepl, "replay", str(transcript), "--speed", "0"],
                 check=self.succeeded),
            Peer("mailrepl replay --speed 0 --color always",
                 [self.mailrepl, "replay", str(transcript), "--speed", "0", "--color", "always"],
                 check=self.succeeded),
        ]
        return Scenario("replay", "Rendering a 1,000,000-line transcript to /dev/null", peers, max(3, self.runs // 2),
                        reference=None)

    # --- Running ------------------------------------------------------------------------------------------------

    def run_once(self, peer: Peer, output: Path) -> tuple[float, float, int, int]:
        stdin_path = self.work / "stdin.txt"
        stdin_path.write_bytes(peer.stdin)
        self.run_counter += 1
        fresh = self.work / "records" / f"run-{self.run_counter}.transcript"
        fresh.parent.mkdir(exist_ok=True)
        argv = [str(fresh) if part == "{fresh}" else part for part in peer.argv]
        peak_file = self.work / "peak.txt"
        # GNU time forks the client from a process of about 2 MB. A child forked from this Python would start
        # with Python's high-water mark as its own (Linux keeps it across exec), hiding small peaks.
        argv = ["/usr/bin/time", "-f", "%M", "-o", str(peak_file), *argv]
        with open(stdin_path, "rb") as stdin, open(output, "wb") as stdout, \
                open(self.work / "stderr.log", "ab") as stderr:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            child = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=stderr)
            _, status, _ = os.wait4(child.pid, 0)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        fresh.unlink(missing_ok=True)
        # CPU time of the client and of GNU time (a few hundred microseconds), from the kernel's accounting.
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        try:
            peak = int(peak_file.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            peak = 0
        return wall, cpu, peak, os.waitstatus_to_exitcode(status)

    def run(self, scenario: Scenario) -> dict[str, Result]:
        results = {peer.name: Result() for peer in scenario.peers}
        output_for = {peer.name: self.work / f"out-{index}" for index, peer in enumerate(scenario.peers)}
        print(f"bench: {scenario.title}: {scenario.runs} runs of {len(scenario.peers)} clients", file=sys.stderr)
        # Round 0 warms caches (Dovecot's index cache, the page cache) and is not counted.
        for round_number in range(scenario.runs + 1):
            order = scenario.peers[round_number % len(scenario.peers):] + \
                scenario.peers[:round_number % len(scenario.peers)]
            for peer in order:
                result = results[peer.name]
                if result.failure and not peer.may_fail:
                    continue
                wall, cpu, peak, status = self.run_once(peer, output_for[peer.name])
                problem = peer.check(output_for[peer.name], status) if peer.check else None
                if problem:
                    result.failure = problem
                    if not peer.may_fail:
                        print(f"bench: {peer.name} failed: {problem}", file=sys.stderr)
                    continue
                if round_number > 0:
                    result.walls.append(wall)
                    result.cpus.append(cpu)
                    result.peaks.append(peak)
        for path in output_for.values():
            path.unlink(missing_ok=True)
        return results


# --- Report ---------------------------------------------------------------------------------------------------------

def milliseconds(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def mebibytes(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def table(scenario: Scenario, results: dict[str, Result]) -> list[str]:
    reference = results.get(scenario.reference) if scenario.reference else None
    if reference and not reference.walls:
        reference = None
    header = "| client | wall (median) | CPU (median) | peak memory |"
    rule = "| --- | ---: | ---: | ---: |"
    if reference:
        header += f" wall ÷ {scenario.reference} |"
        rule += " ---: |"
    lines = [f"#### {scenario.title}", "", header, rule]
    for peer in scenario.peers:
        result = results[peer.name]
        if not result.walls:
            cells = [f"failed: {result.failure}", "", ""] + ([""] if reference else [])
        else:
            cells = [milliseconds(result.wall), milliseconds(result.cpu), mebibytes(result.peak)]
            if reference:
                cells.append(f"{result.wall / reference.wall:.2f}×")
        lines.append(f"| {peer.name} | " + " | ".join(cells) + " |")
    runs = min((len(r.walls) for r in results.values() if r.walls), default=0)
    lines += ["", f"{runs} runs each after one warm-up run.", ""]
    return lines


def target_rows(all_results: dict[str, tuple[Scenario, dict[str, Result]]]) -> list[str]:
    rows = ["| target | measured | met |", "| --- | --- | --- |"]

    def wall(key: str, name: str) -> float | None:
        result = all_results.get(key, (None, {}))[1].get(name)
        return result.wall if result and result.walls else None

    def peak(key: str, name: str) -> int | None:
        result = all_results.get(key, (None, {}))[1].get(name)
        return result.peak if result and result.walls else None

    def ratio_row(key: str, label: str, limit: float) -> None:
        ours, theirs = wall(key, "mailrepl"), wall(key, "openssl s_client")
        if ours is None or theirs is None:
            return
        ratio = ours / theirs
        rows.append(f"| {label}: within {limit}× of s_client | {ratio:.2f}× | {'yes' if ratio <= limit else 'no'} |")

    ratio_row("imaps-50 MB", "IMAPS 50 MB fetch", 1.15)
    ratio_row("pop3s-50 MB", "POP3S 50 MB RETR", 1.15)
    ratio_row("flags-2000", "FETCH FLAGS, 2,000 messages", 1.5)
    ratio_row("flags-20000", "FETCH FLAGS, 20,000 messages", 1.5)
    for protocol in ("imaps", "pop3s"):
        big, small = peak(f"{protocol}-50 MB", "mailrepl"), peak(f"{protocol}-1 MB", "mailrepl")
        if big is not None and small is not None:
            grown = (big - small) / 1024
            met = big < 32 * 1024 and grown < 2
            rows.append(f"| {protocol.upper()} peak memory under 32 MiB, < 2 MiB more for 50 MB than 1 MB | "
                        f"{mebibytes(big)}, {grown:+.1f} MiB | {'yes' if met else 'no'} |")
    version = wall("startup", "mailrepl --version")
    if version is not None:
        rows.append(f"| `mailrepl --version` under 10 ms | {milliseconds(version)} | "
                    f"{'yes' if version < 0.010 else 'no'} |")
    replay = wall("replay", "mailrepl replay --speed 0")
    if replay is not None:
        rows.append(f"| 1,000,000 transcript lines rendered in under 2 s | {milliseconds(replay)} | "
                    f"{'yes' if replay < 2 else 'no'} |")
    return rows


def command_lines(scenarios: list[Scenario], bench: Bench) -> list[str]:
    """The commands as run, with this run's ports and paths replaced by the env file's names."""
    env = bench.env
    replacements = [
        (bench.mailrepl, ".build-bench/release/mailrepl"),
        (str(HERE), "Tests/Benchmarks"),
        (str(bench.work), "$WORK"),
        (env["CA_FILE"], "$CA_FILE"),
        (f"{env['IMAP_HOST']}:{env['IMAPS_PORT']}", "$IMAP_HOST:$IMAPS_PORT"),
        (f"{env['POP3_HOST']}:{env['POP3S_PORT']}", "$POP3_HOST:$POP3S_PORT"),
        (f"{env['SMTP_HOST']}:{env['SMTP_MX_PORT']}", "$SMTP_HOST:$SMTP_MX_PORT"),
        (env["BOB_PASSWORD"], "$BOB_PASSWORD"),
        (env["ALICE_PASSWORD"], "$ALICE_PASSWORD"),
    ]

    # Arguments that are a port or an address on their own.
    whole = {env["IMAPS_PORT"]: "$IMAPS_PORT", env["POP3S_PORT"]: "$POP3S_PORT", env["SMTP_MX_PORT"]: "$SMTP_MX_PORT",
             env["IMAP_HOST"]: "$IMAP_HOST", env["SMTP_HOST"]: "$SMTP_HOST"}

    def shown(text: str) -> str:
        if text in whole:
            return whole[text]
        for old, new in replacements:
            text = text.replace(old, new)
        return text

    def quoted(text: str) -> str:
        """As a shell word that still expands the $NAMES: double quotes where anything else is special."""
        if re.fullmatch(r"[A-Za-z0-9_@%+=:,./$-]+", text):
            return text
        return '"' + re.sub(r'(["\\`])', r"\\\1", text) + '"'

    lines = []
    for scenario in scenarios:
        lines += [f"{scenario.title}:", "", "```sh"]
        for peer in scenario.peers:
            command = " ".join("NEW_FILE" if part == "{fresh}" else quoted(shown(part)) for part in peer.argv)
            if peer.stdin:
                stdin = shown(peer.stdin.decode()).rstrip("\n").replace("\n", "\\n")
                command = f"printf {quoted(stdin + chr(92) + 'n')} | {command}"
            elif peer.argv[0] == bench.mailrepl and any("://" in part for part in peer.argv):
                command += " < /dev/null"
            lines.append(command)
        lines += ["```", ""]
    return lines


def versions(bench: Bench) -> list[str]:
    def first_line(argv: list[str]) -> str:
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=20)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "unknown"
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- machine: {os.cpu_count()} CPUs ({cpu}), Linux {platform.release()}",
        f"- mailrepl {first_line([bench.mailrepl, '--version'])}, {first_line(['swift', '--version'])}",
        f"- {first_line(['openssl', 'version'])}; {first_line(['curl', '--version'])}",
        f"- swaks {first_line(['swaks', '--version']).removeprefix('swaks version ')}; "
        f"Python {first_line([PYTHON, '--version']).removeprefix('Python ')}",
        f"- Dovecot {first_line(['dovecot', '--version'])}; "
        f"Postfix {first_line(['postconf', '-c', bench.env['POSTFIX_CONFIG_DIR'], '-h', 'mail_version'])}",
    ]


def write_doc(doc: Path, body: list[str]) -> None:
    section = "\n".join([BEGIN_MARK, *body, END_MARK])
    if doc.exists():
        text = doc.read_text()
        if BEGIN_MARK in text and END_MARK in text:
            before = text[:text.index(BEGIN_MARK)]
            after = text[text.index(END_MARK) + len(END_MARK):]
            doc.write_text(before + section + after)
            return
        doc.write_text(text.rstrip("\n") + "\n\n" + section + "\n")
        return
    doc.write_text("# Performance\n\n" + section + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--env", required=True, type=Path)
    parser.add_argument("--mailrepl", required=True)
    parser.add_argument("--work", required=True, type=Path)
    parser.add_argument("--doc", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="comma-separated scenario keys (imaps, pop3s, flags, startup, greeting, "
                                       "replay); the doc is written only when all run")
    parser.add_argument("--skip-seed", action="store_true", help="the servers were seeded by an earlier run")
    arguments = parser.parse_args()

    env = dict(line.split("=", 1) for line in arguments.env.read_text().splitlines() if "=" in line)
    arguments.work.mkdir(parents=True, exist_ok=True)
    bench = Bench(env, str(Path(arguments.mailrepl).resolve()), arguments.work.resolve(), arguments.runs)
    only = set(arguments.only.split(",")) if arguments.only else None

    def wanted(key: str) -> bool:
        return only is None or any(key.startswith(prefix) for prefix in only)

    if arguments.skip_seed:
        bench.sizes = {1: 1 * MIB, 2: 50 * MIB}
    elif any(wanted(key) for key in ("imaps", "pop3s", "flags")):
        bench.seed()
    scenarios: list[Scenario] = []
    if wanted("imaps"):
        scenarios += [bench.fetch_scenario(2, "50 MB"), bench.fetch_scenario(1, "1 MB")]
    if wanted("pop3s"):
        scenarios += [bench.retr_scenario(2, "50 MB"), bench.retr_scenario(1, "1 MB")]
    if wanted("flags"):
        scenarios += [bench.flags_scenario(2000), bench.flags_scenario(20000)]
    if wanted("startup"):
        scenarios.append(bench.startup_scenario())
    if wanted("greeting"):
        scenarios += bench.greeting_scenarios()
    if wanted("replay"):
        scenarios.append(bench.replay_scenario())

    all_results: dict[str, tuple[Scenario, dict[str, Result]]] = {}
    body = ["", f"Measured {datetime.date.today().isoformat()} by `Tests/Benchmarks/run.sh` "
                f"(RUNS={arguments.runs}), all figures from this one run:", "", *versions(bench), ""]
    broken = []
    for scenario in scenarios:
        results = bench.run(scenario)
        all_results[scenario.key] = (scenario, results)
        for peer in scenario.peers:
            if not results[peer.name].walls and not peer.may_fail:
                broken.append(f"{scenario.title}: {peer.name}: {results[peer.name].failure}")
        section = table(scenario, results)
        print("\n".join(section), file=sys.stderr)
        body += section
    targets = target_rows(all_results)
    print("\n".join(targets), file=sys.stderr)
    body += ["#### Targets", "", *targets, "", "#### Commands", "",
             "`$WORK` is the benchmark's scratch directory, the other names are those of the test servers' env",
             "file (Tests/Servers/start.sh); each command ran with its standard output to a file.", "",
             *command_lines(scenarios, bench)]
    if arguments.doc and only is None:
        write_doc(arguments.doc, body)
        print(f"bench: wrote {arguments.doc}", file=sys.stderr)
    for problem in broken:
        print(f"bench: FAILED {problem}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
