#!/usr/bin/env bash
# Installs, through apt-get, every Debian package the integration tests need: the real servers (Dovecot, Postfix),
# the reference clients the tests compare against (openssl s_client, curl, swaks), tmux for driving the REPL, and
# the C libraries the build links (libedit, OpenSSL).
#
# Idempotent and silent when everything is already there; `apt-get update` runs only when something is missing.
# The system's own Dovecot/Postfix services are kept from starting during the install (policy-rc.d): the tests
# run private instances from Tests/Servers/start.sh on free high ports and never use the system ones.
#
# Usage: Tests/Servers/install.sh   (as root)
set -euo pipefail

packages=(
    dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd
    postfix
    openssl tmux curl python3
    procps                      # pkill: a terminal test sends SIGTERM and SIGHUP to the REPL as a system would
    swaks libnet-ssleay-perl    # swaks needs Net::SSLeay (only a Recommends) for STARTTLS and implicit TLS
    libedit-dev libssl-dev pkg-config
)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [[ $status != installed ]]; then
        missing+=("$package")
    fi
done

if (( ${#missing[@]} == 0 )); then
    exit 0
fi

if [[ $(id -u) != 0 ]]; then
    echo "install.sh: must run as root to install: ${missing[*]}" >&2
    exit 1
fi

echo "install.sh: installing ${missing[*]}"

# Postfix's package asks how to configure the system instance; "No configuration" leaves /etc/postfix without a
# main.cf, so the system service stays inert.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections

# invoke-rc.d consults /usr/sbin/policy-rc.d; exit status 101 means "action forbidden", so package scripts do not
# start the system daemons. Only add one (and remove it again) when the machine has none of its own.
policy=/usr/sbin/policy-rc.d
added_policy=no
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod 0755 "$policy"
    added_policy=yes
fi
remove_policy() {
    if [[ $added_policy == yes ]]; then
        rm -f "$policy"
    fi
}
trap remove_policy EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null

# On a machine with systemd the units may still have been enabled and started by deb-systemd-invoke; stop them so
# nothing of the system's listens on the mail ports. Failure here only means there was nothing to stop.
if [[ -d /run/systemd/system ]]; then
    systemctl stop dovecot.service dovecot.socket postfix.service >/dev/null 2>&1 || true
fi

echo "install.sh: done"
