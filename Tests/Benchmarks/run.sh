#!/usr/bin/env bash
# mailrepl side by side with openssl s_client, curl, swaks and Python, against the real Dovecot and Postfix of the
# test setup: builds a release mailrepl, starts the servers in a state directory of its own, seeds a 1 MB and a
# 50 MB message and mailboxes of 2,000 and 20,000 messages, runs every client RUNS times, prints the table and
# writes it into docs/performance.md, then stops the servers. Run on demand (as root); not part of the tests.
#
# Usage: Tests/Benchmarks/run.sh [--only imaps,pop3s,flags,startup,greeting,replay]
# Environment: RUNS (default 5: rounds for the big fetches; more for the quick cases), KEEP_WORK=1 keeps the
# scratch directory (the generated messages and transcript) for profiling.
set -Eeuo pipefail

readonly root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly scratch=.build-bench
cd "$root"

if [[ $(id -u) != 0 ]]; then
    echo "run.sh: must run as root (the test servers start as root)" >&2
    exit 1
fi

# The servers and the peers: Tests/Servers/install.sh installs Dovecot, Postfix, openssl, curl, swaks, python3.
bash Tests/Servers/install.sh
missing=()
for package in python3 curl swaks openssl time; do
    dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null | grep -qx installed || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# As ./project.sh start builds it: release, the Swift runtime linked in statically.
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product mailrepl >&2
binary=$root/$scratch/release/mailrepl

state=$(mktemp -d /tmp/mrbench.XXXXXX)
work=$(mktemp -d /tmp/mrbench-work.XXXXXX)
cleanup() {
    bash Tests/Servers/stop.sh "$state" >/dev/null 2>&1 || true
    rm -rf "$state"
    if [[ ${KEEP_WORK:-} == 1 ]]; then
        echo "run.sh: scratch files kept in $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
bash Tests/Servers/start.sh "$state" >&2

/usr/bin/python3 Tests/Benchmarks/bench.py --env "$state/env" --mailrepl "$binary" --work "$work" \
    --doc docs/performance.md --runs "${RUNS:-5}" "$@"
