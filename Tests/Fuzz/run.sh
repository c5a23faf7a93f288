#!/usr/bin/env bash
# Builds mailrepl's libFuzzer targets against MailCore's sources (swiftc -sanitize=fuzzer,address; not part of
# `swift build`) and runs each for a bounded time, seeded from transcripts/ and the test fixtures.
#
# Usage: Tests/Fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#   SECONDS_PER_TARGET  default: $FUZZ_SECONDS, else 60
#   TARGET              SMTPResponses IMAPResponses POP3Responses TranscriptReading (default: all)
# Environment: FUZZ_BUILD (default .build/fuzz) holds the binaries, the growing corpora and any crash inputs.
#
# Targets (Tests/Fuzz/Targets, harness in Tests/Fuzz/Harness):
#   SMTPResponses, IMAPResponses, POP3Responses
#       a conversation (typed lines and server bytes) through LineFramer and the protocol's dialect, as the
#       session engine drives them: bounded memory, every byte accounted for, the same result whether the server's
#       bytes come in one read or one byte per read, nothing unsafe shown to the terminal
#   TranscriptReading
#       TranscriptReader on any bytes; what it reads written by TranscriptWriter and read back the same; any line
#       recorded byte-exact
#
# A crash (a trap, a sanitizer report, or a violated property) stops that target, leaves its input in
# $FUZZ_BUILD/crashes/, prints it, and makes this script exit 1: turn it into a regression test under
# Tests/MailCoreTests/Fuzz/ and keep the input in Tests/Fuzz/Regressions/. A summary line per target says how long
# it ran, how many inputs it tried and how many coverage edges and features it reached.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(SMTPResponses IMAPResponses POP3Responses TranscriptReading)
fi
out=${FUZZ_BUILD:-.build/fuzz}
mkdir -p "$out/crashes" "$out/corpus" "$out/seeds"
# Swift 6 language mode, as the package builds MailCore.
flags=(-swift-version 6 -package-name mailrepl -sanitize=fuzzer,address -O -g -parse-as-library)

# The linker's warnings about sanitizer symbols are noise; the build's output is shown only when it fails.
build() {
    if ! "$@" >"$out/build.log" 2>&1; then
        cat "$out/build.log" >&2
        exit 1
    fi
}
echo "fuzz: building MailCore with coverage instrumentation" >&2
find Sources/MailCore -name '*.swift' | sort > "$out/mailcore-sources"
build swiftc -module-name MailCore "${flags[@]}" -emit-module -emit-module-path "$out/MailCore.swiftmodule" \
    -emit-library -static -o "$out/libMailCore.a" @"$out/mailcore-sources"
for target in "${targets[@]}"; do
    echo "fuzz: building $target" >&2
    build swiftc "${flags[@]}" -I "$out" -L "$out" -lMailCore Tests/Fuzz/Harness/*.swift \
        "Tests/Fuzz/Targets/$target.swift" -o "$out/$target"
done

# Seeds: the checked-in ones, conversations made from transcripts/, and the seeded test messages as bodies.
python3 - "$out/seeds" <<'PYTHON'
import glob, os, re, sys

out = sys.argv[1]
for kind in ("smtp", "imap", "pop3", "transcript"):
    os.makedirs(os.path.join(out, kind), exist_ok=True)

def unescape(text: bytes) -> bytes:
    return re.sub(rb"\\x([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), text)

for path in sorted(glob.glob("transcripts/**/*.transcript", recursive=True)):
    name = os.path.basename(path)
    data = open(path, "rb").read()
    open(os.path.join(out, "transcript", name), "wb").write(data)
    kind = next((k for k in ("smtp", "imap", "pop3") if f"/{k}/" in path), None)
    if kind is None:
        continue
    conversation = bytearray(b"\xff")
    for line in data.split(b"\n"):
        line = re.sub(rb"^@[0-9.]+ ", b"", line.rstrip(b"\r"))
        if line.startswith(b"C:"):
            conversation += b">" + unescape(line[2:].lstrip(b" ")) + b"\n"
        elif line.startswith(b"S:"):
            body = line[2:]
            body = body[1:] if body.startswith(b" ") else body
            ends = not body.endswith(b"\\")
            conversation += unescape(body.rstrip(b"\\")) + (b"\r\n" if ends else b"")
    open(os.path.join(out, kind, name), "wb").write(bytes(conversation))

for path in sorted(glob.glob("Tests/Servers/seed/*.eml")):
    name = os.path.basename(path)
    message = open(path, "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    stuffed = b"".join(b"." + l if l.startswith(b".") else l for l in message.splitlines(keepends=True))
    open(os.path.join(out, "pop3", name), "wb").write(
        b"\xff+OK ready\r\n>RETR 1\n+OK message follows\r\n" + stuffed + b".\r\n")
    open(os.path.join(out, "imap", name), "wb").write(
        b"\xff* OK ready\r\n>FETCH 1 BODY[]\n* 1 FETCH (BODY[] {%d}\r\n" % len(message) + message
        + b")\r\na001 OK done\r\n")
PYTHON

seed_kind() {
    case "$1" in
    SMTPResponses) echo smtp ;;
    IMAPResponses) echo imap ;;
    POP3Responses) echo pop3 ;;
    TranscriptReading) echo transcript ;;
    esac
}

failed=()
summary=()
for target in "${targets[@]}"; do
    kind=$(seed_kind "$target")
    corpus="$out/corpus/$target"
    mkdir -p "$corpus"
    log="$out/$target.log"
    echo "fuzz: running $target for ${seconds}s" >&2
    status=0
    "$out/$target" "$corpus" "Tests/Fuzz/Seeds/$kind" "$out/seeds/$kind" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$out/crashes/$target-" >"$log" 2>&1 || status=$?
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
    runs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' || true)
    summary+=("$target: ${seconds}s, ${runs:-?} inputs, ${done_line:-no final line}")
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        echo "fuzz: $target FAILED (exit $status); its log ends:" >&2
        tail -40 "$log" >&2
        for crash in "$out/crashes/$target-"*; do
            [ -e "$crash" ] || continue
            echo "fuzz: crash input $crash:" >&2
            od -A d -c "$crash" | head -40 >&2
        done
    fi
done

echo "fuzz summary:"
printf '  %s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzz: crashes in ${failed[*]}" >&2
    exit 1
fi
echo "fuzz: no crash in ${#targets[@]} targets"
