#!/usr/bin/env bash
# mailrepl's build and test entry point.
#   ./project.sh start [ARGS...]  install what is missing, build, and start mailrepl with ARGS
#   ./project.sh test             install what the tests need, start real Dovecot and Postfix on loopback,
#                                 run every test, stop the servers; with FUZZ_SECONDS=N set, then run each
#                                 libFuzzer target for N seconds (Tests/Fuzz/run.sh)
set -euo pipefail
cd "$(dirname "$0")"

need_packages() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        echo "installing: ${missing[*]}" >&2
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

need_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        echo "mailrepl needs a Swift 6.1 or later toolchain on PATH (https://www.swift.org/install/)." >&2
        exit 1
    fi
}

case "${1:-}" in
start)
    shift
    need_swift
    need_packages libedit-dev libssl-dev pkg-config
    # The Swift runtime linked in: start-up then skips resolving thousands of its symbols (docs/performance.md).
    swift build -c release --static-swift-stdlib --product mailrepl >&2
    exec .build/release/mailrepl "$@"
    ;;
test)
    need_swift
    bash Tests/Servers/install.sh
    swift build --build-tests
    state=$(mktemp -d /tmp/mailrepl-test.XXXXXX)
    trap 'bash Tests/Servers/stop.sh "$state"; rm -rf "$state"' EXIT
    bash Tests/Servers/start.sh "$state"
    export MAILREPL_TEST_ENV="$state/env"
    export MAILREPL_BINARY="$PWD/.build/debug/mailrepl"
    # Each libFuzzer target runs for a bounded time (FUZZ_SECONDS, default 30; 0 skips them). They run first so
    # that the test runner's summary is the last thing printed.
    fuzz_seconds=${FUZZ_SECONDS:-30}
    if [ "$fuzz_seconds" != 0 ]; then
        bash Tests/Fuzz/run.sh "$fuzz_seconds"
    fi
    swift test --skip-build
    ;;
*)
    echo "usage: ./project.sh start [mailrepl arguments] | ./project.sh test" >&2
    exit 64
    ;;
esac
