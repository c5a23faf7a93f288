#!/usr/bin/env bash
# Starts private instances of Dovecot (IMAP, POP3, LMTP, SASL) and Postfix (SMTP: mx, submission, smtps) for the
# integration tests, configured only from files inside STATE_DIR, on free high ports of the loopback network.
#
# Usage: Tests/Servers/start.sh STATE_DIR      (as root; stop with Tests/Servers/stop.sh STATE_DIR)
#
# STATE_DIR is owned by root with mode 0711, not 0700: processes that have dropped root (Postfix's master opens
# its lock file as `postfix`, Dovecot's mail and auth processes run as `dovecot`) must pass through it. Nobody else
# can list it, and what is private sits in subdirectories of mode 0700 (tls/, mail/, postfix-data/).
# An existing STATE_DIR is reused only if an earlier start.sh made it (it then is stopped and wiped first).
# Keep the path short (at most 60 characters, e.g. from `mktemp -d`): Unix socket paths are limited to 108 bytes.
#
# When the servers answer on every port, start.sh writes STATE_DIR/env (atomically, so its presence means "ready"),
# one KEY=VALUE per line, no quoting, no spaces in values:
#
#   STATE_DIR              the absolute state directory
#   MAIL_DOMAIN            example.test: the domain both users live in
#   ALICE_USER             alice@example.test  (login without the domain, "alice", works too)
#   ALICE_PASSWORD         wonderland
#   BOB_USER               bob@example.test    (login "bob" works too)
#   BOB_PASSWORD           builder
#   IMAP_HOST              127.0.0.2: a client on 127.0.0.1 is NOT considered secure there, so plaintext
#                          LOGIN/USER/AUTH are refused until TLS is up (Dovecot disable_plaintext_auth=yes)
#   IMAP_PORT              IMAP with STARTTLS offered (RFC 9051 6.2.1)
#   IMAPS_PORT             IMAP over implicit TLS (RFC 8314)
#   POP3_HOST              127.0.0.2 (as IMAP_HOST)
#   POP3_PORT              POP3 with STLS offered (RFC 2595 4)
#   POP3S_PORT             POP3 over implicit TLS (RFC 8314)
#   IMAP_LOCAL_HOST        127.0.0.1: Dovecot treats a client whose address equals the server's as secure, so
#   IMAP_LOCAL_PORT          plaintext LOGIN succeeds here without TLS (STARTTLS still offered)
#   POP3_LOCAL_HOST        127.0.0.1 (as IMAP_LOCAL_HOST)
#   POP3_LOCAL_PORT        plaintext USER/PASS succeeds here without TLS
#   SMTP_HOST              127.0.0.1: all Postfix services
#   SMTP_MX_PORT           port-25 style: STARTTLS offered, not required, no AUTH; accepts mail for example.test
#                          only, other domains get "554 5.7.1 <addr>: Relay access denied"
#   SMTP_SUBMISSION_PORT   port-587 style: STARTTLS required before anything else ("530 5.7.0 Must issue a
#                          STARTTLS command first"), AUTH after TLS, relay only for authenticated clients
#   SMTP_SMTPS_PORT        port-465 style: implicit TLS, AUTH, relay only for authenticated clients
#   SMTP_HOSTNAME          mail.example.test: Postfix's myhostname (in its greeting and EHLO reply)
#   CA_FILE                ca.pem: the test CA that signed every certificate the servers present
#   SERVER_CERT            server certificate (signed by CA_FILE; SANs DNS:localhost, IP:127.0.0.1, IP:127.0.0.2,
#   SERVER_KEY               IP:::1) and its key, as used by Dovecot and Postfix
#   OTHER_CA_FILE          other-ca.pem: a second CA that signed nothing served ("unknown issuer" tests)
#   WRONGNAME_CERT         signed by CA_FILE, SAN only DNS:wrong.example (name mismatch tests)
#   WRONGNAME_KEY
#   EXPIRED_CERT           signed by CA_FILE, same SANs as SERVER_CERT, validity entirely in the past
#   EXPIRED_KEY
#   SELFSIGNED_CERT        self-signed, SANs DNS:localhost, IP:127.0.0.1
#   SELFSIGNED_KEY
#   ALICE_INBOX_COUNT      number of messages seeded into alice's INBOX (UIDs 1..N, in order)
#   BOB_INBOX_COUNT        0: bob's INBOX starts empty
#   MSG1_FILE              message 1 exactly as the server sends it (CRLF line ends): body lines that look like
#                          IMAP responses and SMTP/POP3 terminators ("a001 OK LOGIN completed", "* 1 EXISTS", ".",
#                          "..", ".hidden line") and a line of 8-bit UTF-8
#   MSG1_SIZE              octet size of message 1 as the server reports it (IMAP RFC822.SIZE, POP3 LIST)
#   MSG4_SIZE              octet size of message 4 (the last), a large one (~400 KiB) for literal/streaming tests
#   SEED_DIR               directory holding msg1.eml .. msgN.eml, the seeded messages as served (CRLF)
#   DOVECOT_CONFIG         dovecot.conf (e.g. `doveadm -c $DOVECOT_CONFIG fetch -u alice@example.test ...`)
#   POSTFIX_CONFIG_DIR     Postfix config_directory (e.g. `postqueue -c $POSTFIX_CONFIG_DIR -p`)
#   DOVECOT_LOG            Dovecot's log file
#   POSTFIX_LOG            Postfix's log file (maillog_file)
#   SCRIPTED_SERVER        absolute path of scripted_server.py (misbehaving servers for TLS/injection tests)
set -Eeuo pipefail

readonly script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly marker_name=.mailrepl-test-servers
readonly lock_file=/tmp/mailrepl-test-servers.lock
readonly wait_seconds=30

die() {
    echo "start.sh: $*" >&2
    exit 1
}

if [[ $# -ne 1 || -z $1 ]]; then
    die "usage: start.sh STATE_DIR"
fi
if [[ $(id -u) != 0 ]]; then
    die "must run as root (Dovecot and Postfix start as root and drop privileges themselves)"
fi

state=$(realpath -m -- "$1")
if [[ ! $state =~ ^/[A-Za-z0-9._/+-]+$ ]]; then
    die "STATE_DIR must be a plain path (letters, digits, . _ / + -): $state"
fi
if (( ${#state} > 60 )); then
    die "STATE_DIR is ${#state} characters long; at most 60 keep Dovecot's socket paths under 108 bytes: $state"
fi

for tool in dovecot doveadm postfix postconf openssl python3 flock; do
    command -v "$tool" >/dev/null || die "$tool not found: run Tests/Servers/install.sh first"
done

readonly mail_user=dovecot
mail_uid=$(id -u "$mail_user") || die "user $mail_user does not exist (is dovecot-core installed?)"
mail_gid=$(id -g "$mail_user")
readonly mail_uid mail_gid

# --- State directory: fresh every time ------------------------------------------------------------------------

if [[ -e $state ]]; then
    if [[ -e $state/$marker_name ]]; then
        "$script_dir/stop.sh" "$state"
        find "$state" -mindepth 1 -delete
    elif [[ -n $(ls -A "$state") ]]; then
        die "$state exists, is not empty and was not made by start.sh; refusing to touch it"
    fi
fi
mkdir -p "$state"
chown root:root "$state"
chmod 0711 "$state"
touch "$state/$marker_name"

readonly tls=$state/tls
readonly logs=$state/logs
readonly seed=$state/seed
readonly dovecot_conf=$state/dovecot.conf
readonly dovecot_dir=$state/dovecot
readonly postfix_conf_dir=$state/postfix
readonly postfix_queue=$state/spool
readonly postfix_data=$state/postfix-data
mkdir -p "$tls" "$logs" "$seed" "$dovecot_dir" "$postfix_conf_dir" "$postfix_queue" "$postfix_data" "$state/mail"
chmod 0700 "$tls" "$state/mail" "$postfix_data"
chown "$mail_uid:$mail_gid" "$state/mail"
chown postfix "$postfix_data"

show_logs() {
    local file
    for file in "$logs"/*; do
        [[ -s $file ]] || continue
        echo "----- last lines of $file -----" >&2
        tail -n 40 "$file" >&2
    done
}

# Reports the failure with the servers' logs, stops whatever did start, and exits.
fail() {
    trap - ERR
    echo "start.sh: $*; logs follow" >&2
    show_logs
    "$script_dir/stop.sh" "$state" >&2 || true
    exit 1
}
trap 'fail "\"$BASH_COMMAND\" failed with status $?"' ERR

# --- Certificates, made now, valid for a week -------------------------------------------------------------------

make_certificates() {
    local now_minus_hour in_a_week long_ago yesterday
    now_minus_hour=$(date -u -d '-1 hour' +%Y%m%d%H%M%SZ)
    in_a_week=$(date -u -d '+7 days' +%Y%m%d%H%M%SZ)
    long_ago=$(date -u -d '-30 days' +%Y%m%d%H%M%SZ)
    yesterday=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)

    mkdir -p "$tls/ca-db"
    : > "$tls/ca-db/index.txt"
    cat > "$tls/openssl.cnf" <<EOF
# Used only by start.sh to make the test certificates.
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused

[ ca ]
default_ca = test_ca
[ test_ca ]
database = $tls/ca-db/index.txt
new_certs_dir = $tls/ca-db
certificate = $tls/ca.pem
private_key = $tls/ca.key
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
rand_serial = yes
[ policy_any ]
commonName = supplied

[ ext_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ ext_server ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:127.0.0.2, IP:::1
[ ext_wrongname ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:wrong.example
[ ext_selfsigned ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = DNS:localhost, IP:127.0.0.1
EOF

    local cnf=$tls/openssl.cnf
    # ECDSA P-256 keys: made in milliseconds (RSA keys took most of start.sh's time) and accepted by every client.
    local new_key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
    # Two CAs: ours, and one that signed nothing we serve.
    openssl req -x509 -new ${new_key[@]} -noenc -config "$cnf" -extensions ext_ca -days 7 \
        -subj "/O=mailrepl tests/CN=mailrepl test CA" -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
    openssl req -x509 -new ${new_key[@]} -noenc -config "$cnf" -extensions ext_ca -days 7 \
        -subj "/O=mailrepl tests/CN=mailrepl other CA" -keyout "$tls/other-ca.key" -out "$tls/other-ca.pem" \
        2>/dev/null

    # Leaf certificates signed by our CA; `openssl ca` is used because it can set both validity dates.
    local name extensions start end
    for name in server wrongname expired; do
        extensions=ext_server start=$now_minus_hour end=$in_a_week
        [[ $name == wrongname ]] && extensions=ext_wrongname
        [[ $name == expired ]] && start=$long_ago end=$yesterday
        openssl req -new ${new_key[@]} -noenc -config "$cnf" -subj "/CN=localhost" \
            -keyout "$tls/$name.key" -out "$tls/$name.csr" 2>/dev/null
        openssl ca -batch -notext -config "$cnf" -extensions "$extensions" -startdate "$start" -enddate "$end" \
            -in "$tls/$name.csr" -out "$tls/$name.pem" 2>/dev/null
        rm -f "$tls/$name.csr"
    done

    openssl req -x509 -new ${new_key[@]} -noenc -config "$cnf" -extensions ext_selfsigned -days 7 \
        -subj "/CN=localhost" -keyout "$tls/selfsigned.key" -out "$tls/selfsigned.pem" 2>/dev/null

    chmod 0600 "$tls"/*.key
    chmod 0644 "$tls"/*.pem
}

# --- Free ports -------------------------------------------------------------------------------------------------

# Prints N distinct TCP ports that nothing on this machine uses. They are drawn at random below the kernel's
# ephemeral range (so outgoing connections cannot take them meanwhile) and each is proven free by binding the
# IPv4 wildcard address without SO_REUSEADDR, which fails if any socket on any local address holds the port.
# The caller holds $lock_file until the daemons listen, so concurrent start.sh runs cannot pick the same ports.
pick_free_ports() {
    python3 - "$1" <<'EOF'
import random, socket, sys

count = int(sys.argv[1])
with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
    ephemeral_low = int(f.read().split()[0])
low, high = 20000, min(ephemeral_low, 32768) - 1
chosen = []
for candidate in random.sample(range(low, high + 1), high - low + 1):
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind(("0.0.0.0", candidate))
    except OSError:
        continue
    finally:
        probe.close()
    chosen.append(candidate)
    if len(chosen) == count:
        break
if len(chosen) < count:
    sys.exit("no free ports found")
print(" ".join(map(str, chosen)))
EOF
}

# --- Dovecot ----------------------------------------------------------------------------------------------------

write_dovecot_config() {
    cat > "$dovecot_dir/users" <<EOF
alice@example.test:{PLAIN}wonderland
bob@example.test:{PLAIN}builder
EOF
    chown "root:$mail_gid" "$dovecot_dir/users"
    chmod 0640 "$dovecot_dir/users"

    cat > "$dovecot_conf" <<EOF
# Dovecot for mailrepl's integration tests, written by Tests/Servers/start.sh. Nothing here reads /etc/dovecot.
instance_name = mailrepl-test-$$
base_dir = $dovecot_dir/run
state_dir = $dovecot_dir/state
log_path = $logs/dovecot.log
hostname = mail.example.test
protocols = imap pop3 lmtp
listen = 127.0.0.2

ssl = yes
ssl_cert = <$tls/server.pem
ssl_key = <$tls/server.key

# Plaintext LOGIN/USER/AUTH PLAIN only on TLS (or when client and server address are equal, see IMAP_LOCAL_*).
disable_plaintext_auth = yes
auth_mechanisms = plain login cram-md5 scram-sha-1 scram-sha-256
auth_default_realm = example.test
auth_verbose = yes
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dovecot_dir/users
}
userdb {
  driver = static
  args = uid=$mail_uid gid=$mail_gid home=$state/mail/%d/%n
}
first_valid_uid = $mail_uid
last_valid_uid = $mail_uid
first_valid_gid = $mail_gid
last_valid_gid = $mail_gid

mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.2
    port = $imap_port
  }
  inet_listener imaps {
    address = 127.0.0.2
    port = $imaps_port
    ssl = yes
  }
  inet_listener imap_local {
    address = 127.0.0.1
    port = $imap_local_port
  }
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.2
    port = $pop3_port
  }
  inet_listener pop3s {
    address = 127.0.0.2
    port = $pop3s_port
    ssl = yes
  }
  inet_listener pop3_local {
    address = 127.0.0.1
    port = $pop3_local_port
  }
}

# Postfix reaches both sockets relative to its queue directory (private/...), as its own unprivileged user.
service lmtp {
  unix_listener $postfix_queue/private/dovecot-lmtp {
    user = postfix
    group = postfix
    mode = 0600
  }
}
protocol lmtp {
  postmaster_address = postmaster@example.test
}
service auth {
  unix_listener $postfix_queue/private/auth {
    user = postfix
    group = postfix
    mode = 0600
  }
}
EOF
}

start_dovecot() {
    # fd 9 is the port lock: the daemons must not inherit it, or it would stay held for as long as they run.
    dovecot -c "$dovecot_conf" </dev/null >>"$logs/dovecot.stdio.log" 2>&1 9>&-
}

# --- Seed messages ----------------------------------------------------------------------------------------------

# Seeds alice's INBOX: the messages in Tests/Servers/seed (UIDs 1-3, in name order) and a large generated one
# (UID 4). SEED_DIR gets each as the servers send it, with CRLF line ends, for byte-exact comparisons.
write_seed_messages() {
    local source n=0
    for source in "$script_dir"/seed/*.eml; do
        n=$(( n + 1 ))
        cp "$source" "$seed/msg$n.lf"
    done

    # Large enough that literals and POP3 RETR span many reads.
    n=$(( n + 1 ))
    {
        cat <<'EOF'
Return-Path: <bob@example.test>
From: Bob <bob@example.test>
To: Alice <alice@example.test>
Subject: Large message
Date: Thu, 04 Jan 2024 13:00:00 +0000
Message-ID: <large-4@example.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

EOF
        local i
        for (( i = 1; i <= 5000; i++ )); do
            printf 'Line %05d of a large message, padded to make it longer: abcdefghijklmnopqrstuvwxyz\n' "$i"
        done
    } > "$seed/msg$n.lf"
    seeded_count=$n

    for (( n = 1; n <= seeded_count; n++ )); do
        doveadm -c "$dovecot_conf" save -u alice@example.test -m INBOX < "$seed/msg$n.lf"
        sed 's/$/\r/' "$seed/msg$n.lf" > "$seed/msg$n.eml"
        rm -f "$seed/msg$n.lf"
    done
}

# Prints the size Dovecot reports for message UID $1 in alice's INBOX (the CRLF size: RFC822.SIZE).
virtual_size() {
    doveadm -c "$dovecot_conf" -f flow fetch -u alice@example.test size.virtual mailbox INBOX uid "$1" |
        sed -n 's/^size\.virtual=\([0-9]*\)$/\1/p'
}

# --- Postfix ----------------------------------------------------------------------------------------------------

write_postfix_config() {
    cat > "$postfix_conf_dir/main.cf" <<EOF
# Postfix for mailrepl's integration tests, written by Tests/Servers/start.sh. Nothing here reads /etc/postfix's
# configuration; started with "postfix -c $postfix_conf_dir".
compatibility_level = 3.6
queue_directory = $postfix_queue
data_directory = $postfix_data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $logs/postfix.log
maillog_file_prefixes = $logs

myhostname = mail.example.test
mydomain = example.test
myorigin = \$mydomain
smtpd_banner = \$myhostname ESMTP Postfix
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8

# example.test is the only domain served; its mail goes to Dovecot over LMTP, so it shows up in IMAP.
mydestination =
virtual_mailbox_domains = example.test
virtual_mailbox_maps = inline:{ alice@example.test=ok, bob@example.test=ok }
virtual_alias_maps = inline:{ postmaster@example.test=alice@example.test }
virtual_transport = lmtp:unix:private/dovecot-lmtp

# Nothing ever leaves this machine: mail for any other domain that is accepted (authenticated relay) is dropped.
default_transport = discard:relay is not performed by the test server
relay_transport = discard:relay is not performed by the test server
local_transport = error:5.1.1 local delivery is disabled on the test server
alias_maps =
alias_database =
smtp_dns_support_level = disabled
smtp_host_lookup = native
lmtp_host_lookup = native
smtpd_peername_lookup = no
biff = no
append_dot_mydomain = no
readme_directory = no

smtpd_tls_cert_file = $tls/server.pem
smtpd_tls_key_file = $tls/server.key
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_tls_loglevel = 1

smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_sasl_auth_enable = no
smtpd_sasl_security_options = noanonymous
# Port-25 style default: only our own domain, "554 5.7.1 ... Relay access denied" for the rest.
smtpd_relay_restrictions = reject_unauth_destination
EOF

    cat > "$postfix_conf_dir/master.cf" <<EOF
# Postfix services for mailrepl's integration tests, written by Tests/Servers/start.sh. Nothing is chrooted:
# a chrooted smtpd could not reach Dovecot's sockets.
# service              type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$mx_port     inet  n       -       n       -       -       smtpd
  -o syslog_name=postfix/mx
127.0.0.1:$submission_port inet  n   -       n       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o { smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination }
  -o { smtpd_recipient_restrictions = permit_sasl_authenticated, reject }
127.0.0.1:$smtps_port  inet  n       -       n       -       -       smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o { smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination }
  -o { smtpd_recipient_restrictions = permit_sasl_authenticated, reject }
pickup     unix  n       -       n       60      1       pickup
cleanup    unix  n       -       n       -       0       cleanup
qmgr       unix  n       -       n       300     1       qmgr
tlsmgr     unix  -       -       n       1000?   1       tlsmgr
rewrite    unix  -       -       n       -       -       trivial-rewrite
bounce     unix  -       -       n       -       0       bounce
defer      unix  -       -       n       -       0       bounce
trace      unix  -       -       n       -       0       bounce
verify     unix  -       -       n       -       1       verify
flush      unix  n       -       n       1000?   0       flush
proxymap   unix  -       -       n       -       -       proxymap
proxywrite unix  -       -       n       -       1       proxymap
smtp       unix  -       -       n       -       -       smtp
relay      unix  -       -       n       -       -       smtp
showq      unix  n       -       n       -       -       showq
error      unix  -       -       n       -       -       error
retry      unix  -       -       n       -       -       error
discard    unix  -       -       n       -       -       discard
lmtp       unix  -       -       n       -       -       lmtp
anvil      unix  -       -       n       -       1       anvil
scache     unix  -       -       n       -       1       scache
postlog    unix-dgram n  -       n       -       1       postlogd
EOF
    # Postfix keeps re-reading a main.cf changed within the last second or two, until it looks settled; dating the
    # files a minute back spares start.sh that wait.
    touch -d '-1 minute' "$postfix_conf_dir/main.cf" "$postfix_conf_dir/master.cf"
}

start_postfix() {
    postfix -c "$postfix_conf_dir" start </dev/null >>"$logs/postfix.stdio.log" 2>&1 9>&-
}

# --- Readiness --------------------------------------------------------------------------------------------------

# Waits (at most $wait_seconds in all) until every listener greets: plain ones with their protocol's greeting,
# implicit-TLS ones after a verified handshake.
wait_for_greetings() {
    python3 - "$wait_seconds" "$tls/ca.pem" "$@" <<'EOF'
import socket, ssl, sys, time

deadline = time.monotonic() + float(sys.argv[1])
context = ssl.create_default_context(cafile=sys.argv[2])
pending = [spec.split(":") for spec in sys.argv[3:]]   # name:host:port:plain|tls:greeting-prefix

def greets(host, port, mode, prefix):
    with socket.create_connection((host, int(port)), timeout=2) as raw:
        stream = context.wrap_socket(raw, server_hostname=host) if mode == "tls" else raw
        line = stream.makefile("rb").readline(1000)
        return line.startswith(prefix.encode())

failures = {}
while pending:
    still = []
    for name, host, port, mode, prefix in pending:
        try:
            if greets(host, port, mode, prefix):
                continue
            failures[name] = "unexpected greeting"
        except (OSError, ssl.SSLError) as error:
            failures[name] = str(error)
        still.append((name, host, port, mode, prefix))
    pending = still
    if pending and time.monotonic() > deadline:
        for name, host, port, *_ in pending:
            print(f"start.sh: {name} on {host}:{port} not answering: {failures[name]}", file=sys.stderr)
        sys.exit(1)
    if pending:
        time.sleep(0.1)
EOF
}

# --- Main -------------------------------------------------------------------------------------------------------

make_certificates

exec 9>"$lock_file"
if ! flock -w 120 9; then
    die "could not take $lock_file within 120 s"
fi

read -r imap_port imaps_port pop3_port pop3s_port imap_local_port pop3_local_port \
    mx_port submission_port smtps_port < <(pick_free_ports 9)
[[ -n ${smtps_port:-} ]] || fail "could not pick free ports"

# Postfix first: starting creates its queue directory tree, where Dovecot then puts the auth and LMTP sockets.
# Postfix only needs them once a client connects.
write_postfix_config
start_postfix
write_dovecot_config
start_dovecot

wait_for_greetings \
    imap:127.0.0.2:$imap_port:plain:'* OK' \
    imaps:127.0.0.2:$imaps_port:tls:'* OK' \
    imap_local:127.0.0.1:$imap_local_port:plain:'* OK' \
    pop3:127.0.0.2:$pop3_port:plain:'+OK' \
    pop3s:127.0.0.2:$pop3s_port:tls:'+OK' \
    pop3_local:127.0.0.1:$pop3_local_port:plain:'+OK' \
    mx:127.0.0.1:$mx_port:plain:'220 ' \
    submission:127.0.0.1:$submission_port:plain:'220 ' \
    smtps:127.0.0.1:$smtps_port:tls:'220 ' ||
    fail "servers did not come up within ${wait_seconds} s"

# Every port listens now; other start.sh runs may pick ports again.
flock -u 9
exec 9>&-

for socket_path in "$postfix_queue/private/auth" "$postfix_queue/private/dovecot-lmtp"; do
    [[ -S $socket_path ]] || fail "missing Dovecot socket $socket_path"
done

write_seed_messages
msg1_size=$(virtual_size 1)
msg4_size=$(virtual_size "$seeded_count")
[[ -n $msg1_size && -n $msg4_size ]] || fail "could not read message sizes from doveadm"

cat > "$state/env.tmp" <<EOF
STATE_DIR=$state
MAIL_DOMAIN=example.test
ALICE_USER=alice@example.test
ALICE_PASSWORD=wonderland
BOB_USER=bob@example.test
BOB_PASSWORD=builder
IMAP_HOST=127.0.0.2
IMAP_PORT=$imap_port
IMAPS_PORT=$imaps_port
POP3_HOST=127.0.0.2
POP3_PORT=$pop3_port
POP3S_PORT=$pop3s_port
IMAP_LOCAL_HOST=127.0.0.1
IMAP_LOCAL_PORT=$imap_local_port
POP3_LOCAL_HOST=127.0.0.1
POP3_LOCAL_PORT=$pop3_local_port
SMTP_HOST=127.0.0.1
SMTP_MX_PORT=$mx_port
SMTP_SUBMISSION_PORT=$submission_port
SMTP_SMTPS_PORT=$smtps_port
SMTP_HOSTNAME=mail.example.test
CA_FILE=$tls/ca.pem
SERVER_CERT=$tls/server.pem
SERVER_KEY=$tls/server.key
OTHER_CA_FILE=$tls/other-ca.pem
WRONGNAME_CERT=$tls/wrongname.pem
WRONGNAME_KEY=$tls/wrongname.key
EXPIRED_CERT=$tls/expired.pem
EXPIRED_KEY=$tls/expired.key
SELFSIGNED_CERT=$tls/selfsigned.pem
SELFSIGNED_KEY=$tls/selfsigned.key
ALICE_INBOX_COUNT=$seeded_count
BOB_INBOX_COUNT=0
MSG1_FILE=$seed/msg1.eml
MSG1_SIZE=$msg1_size
MSG4_SIZE=$msg4_size
SEED_DIR=$seed
DOVECOT_CONFIG=$dovecot_conf
POSTFIX_CONFIG_DIR=$postfix_conf_dir
DOVECOT_LOG=$logs/dovecot.log
POSTFIX_LOG=$logs/postfix.log
SCRIPTED_SERVER=$script_dir/scripted_server.py
EOF
mv "$state/env.tmp" "$state/env"

echo "start.sh: servers ready; settings in $state/env"
