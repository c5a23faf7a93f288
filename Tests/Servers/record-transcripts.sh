#!/usr/bin/env bash
# Records the teaching transcripts in transcripts/ with the real mailrepl binary against the real Postfix and
# Dovecot that start.sh runs: each session is typed as a script into `mailrepl --record`, so every line in the
# files was said on the wire (secrets are recorded as ‹redacted›).
#
# Usage: Tests/Servers/record-transcripts.sh ENV_FILE MAILREPL_BINARY OUTPUT_DIR
#   ENV_FILE  the env file of a freshly started start.sh (the sessions change mailboxes: alice's message 1 is
#             deleted at the end, so record on fresh servers, in this order)
#   OUTPUT_DIR  receives smtp/, imap/ and pop3/; existing files are never overwritten (mailrepl refuses)
#
# Some replies differ from run to run (queue ids, UIDVALIDITY, Dovecot's timings); everything else is the same.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 ENV_FILE MAILREPL_BINARY OUTPUT_DIR" >&2; exit 64; }
set -a
# shellcheck disable=SC1090
. "$1"
set +a
mailrepl=$2
out=$3
mkdir -p "$out/smtp" "$out/imap" "$out/pop3"
export MAILREPL_PASSWORD=$ALICE_PASSWORD

record() { # FILE NOTE URL [mailrepl options...] < script
    local file=$1 note=$2 url=$3
    shift 3
    "$mailrepl" "$url" --cafile "$CA_FILE" --record "$out/$file" --record-note "$note" "$@" >/dev/null
}

# Waits until the transcript being recorded has a server line matching PATTERN: the file is written as the
# session goes, so it says when the server has answered.
wait_for() { # FILE PATTERN
    local tries=0
    until grep -q -- "$2" "$out/$1" 2>/dev/null; do
        sleep 0.2
        tries=$((tries + 1))
        [ $tries -lt 150 ] || { echo "no \"$2\" in $1 after 30 s" >&2; exit 1; }
    done
}

# A message for alice, sent while the IMAP session idles.
deliver_to_alice() {
    printf '%s\n' "EHLO client.example" "MAIL FROM:<bob@example.test>" "RCPT TO:<$ALICE_USER>" DATA \
        "Subject: arrived during IDLE" "" "Hello Alice." . QUIT \
        | "$mailrepl" "smtp://$SMTP_HOST:$SMTP_MX_PORT" >/dev/null
}

record smtp/submission-starttls-auth.transcript \
    "SMTP submission (port 587 style): EHLO, STARTTLS, EHLO again, AUTH PLAIN, one message to a local user." \
    "smtp://$SMTP_HOST:$SMTP_SUBMISSION_PORT" <<'SCRIPT'
EHLO client.example
.starttls
.auth plain alice@example.test
MAIL FROM:<alice@example.test>
RCPT TO:<bob@example.test>
DATA
From: alice@example.test
To: bob@example.test
Subject: sent through submission

Hi Bob, this went over STARTTLS after AUTH PLAIN.
.
QUIT
SCRIPT

# The MAIL FROM line is curl's (it declares the message size, RFC 1870), so that curl can be served this session.
relay_message=$'Subject: relay test\r\n\r\nThis message should not be relayed.\r\n'
record smtp/relay-refused.transcript \
    "SMTP on an MX (port 25 style) without AUTH: a recipient in another domain is refused, 554 Relay access denied." \
    "smtp://$SMTP_HOST:$SMTP_MX_PORT" <<SCRIPT
EHLO client.example
MAIL FROM:<alice@example.test> SIZE=${#relay_message}
RCPT TO:<someone@elsewhere.example>
QUIT
SCRIPT

# mailrepl stops a script whose login fails (exit status 7) and closes without QUIT, as curl does.
(MAILREPL_PASSWORD=not-the-password record smtp/auth-failure-535.transcript \
    "SMTP submission with a wrong password: AUTH PLAIN is answered 535 5.7.8, the credentials are invalid." \
    "smtp://$SMTP_HOST:$SMTP_SUBMISSION_PORT" <<'SCRIPT'
EHLO client.example
.starttls
.auth plain alice@example.test
QUIT
SCRIPT
) || true

{
    printf '%s\n' CAPABILITY .starttls "LOGIN $ALICE_USER $ALICE_PASSWORD" "SELECT INBOX" \
        "FETCH 1 (FLAGS BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])" "SEARCH UNSEEN" IDLE ".wait 5"
    wait_for imap/login-select-fetch-search-idle-logout.transcript ' S: + idling'
    deliver_to_alice
    sleep 1
    printf '%s\n' DONE LOGOUT
} | record imap/login-select-fetch-search-idle-logout.transcript \
    "IMAP with STARTTLS: LOGIN, SELECT, FETCH of two header fields, SEARCH, IDLE while a message arrives, LOGOUT." \
    "imap://$IMAP_HOST:$IMAP_PORT"

{
    printf '%s\n' CAPABILITY "LOGIN $ALICE_USER $ALICE_PASSWORD" "SELECT INBOX" "FETCH 2 (FLAGS)"
    wait_for imap/flags-changed-on-server.transcript ' S: a004 OK Fetch completed'
    doveadm -c "$DOVECOT_CONFIG" flags add -u "$ALICE_USER" '\Flagged' mailbox INBOX 2
    printf '%s\n' NOOP "FETCH 2 (FLAGS)" LOGOUT
} | record imap/flags-changed-on-server.transcript \
    "IMAP over implicit TLS: another client flags message 2 on the server; NOOP brings the change, FETCH shows it." \
    "imaps://$IMAP_HOST:$IMAPS_PORT"

record pop3/download-and-delete.transcript \
    "POP3 with STLS: log in, list, download message 1 (its lone dots are doubled on the wire), delete it, QUIT." \
    "pop3://$POP3_HOST:$POP3_PORT" <<SCRIPT
.starttls
USER $ALICE_USER
PASS $ALICE_PASSWORD
STAT
LIST
RETR 1
DELE 1
QUIT
SCRIPT

echo "recorded into $out:" >&2
find "$out" -name '*.transcript' | sort >&2
