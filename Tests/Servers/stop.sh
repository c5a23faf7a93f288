#!/usr/bin/env bash
# Stops the Postfix and Dovecot instances that Tests/Servers/start.sh started in STATE_DIR, through their own
# control commands (`postfix -c DIR stop`, `doveadm -c FILE stop`) and pid files, never by process name.
# Idempotent: stopping a directory whose servers are already down (or that does not exist) succeeds quietly.
# STATE_DIR itself, with its logs, is left in place for inspection; remove it when no longer needed.
#
# Usage: Tests/Servers/stop.sh STATE_DIR
set -euo pipefail

die() {
    echo "stop.sh: $*" >&2
    exit 1
}

if [[ $# -ne 1 || -z $1 ]]; then
    die "usage: stop.sh STATE_DIR"
fi
state=$(realpath -m -- "$1")
[[ -d $state ]] || exit 0

readonly postfix_conf_dir=$state/postfix
readonly postfix_pid_file=$state/spool/pid/master.pid
readonly dovecot_conf=$state/dovecot.conf
readonly dovecot_pid_file=$state/dovecot/run/master.pid

# Succeeds if the pid file names a live process.
pid_alive() {
    local pid
    [[ -s $1 ]] || return 1
    read -r pid < "$1" || return 1
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# Waits up to 10 s for the process named in pid file $1 to end.
wait_gone() {
    local tries
    for (( tries = 0; tries < 100; tries++ )); do
        pid_alive "$1" || return 0
        sleep 0.1
    done
    return 1
}

status=0

# Postfix is told first (its smtpd and lmtp clients use Dovecot's sockets); both masters then wind down at the
# same time: Postfix's takes about a second and its whole process group with it, Dovecot's pauses a second for
# its children on purpose.
postfix_stopping=no
if [[ -f $postfix_conf_dir/main.cf ]] && pid_alive "$postfix_pid_file"; then
    postfix -c "$postfix_conf_dir" stop </dev/null >>"$state/logs/postfix.stdio.log" 2>&1 || true
    postfix_stopping=yes
fi

dovecot_stopping=no
if [[ -f $dovecot_conf ]] && pid_alive "$dovecot_pid_file"; then
    doveadm -c "$dovecot_conf" stop </dev/null >>"$state/logs/dovecot.stdio.log" 2>&1 || true
    dovecot_stopping=yes
fi

if [[ $postfix_stopping == yes ]] && ! wait_gone "$postfix_pid_file"; then
    echo "stop.sh: Postfix master (pid file $postfix_pid_file) did not stop" >&2
    status=1
fi
if [[ $dovecot_stopping == yes ]] && ! wait_gone "$dovecot_pid_file"; then
    echo "stop.sh: Dovecot master (pid file $dovecot_pid_file) did not stop" >&2
    status=1
fi

# The masters end their children, but a child may take a moment to exit. Dovecot and Postfix processes of this
# instance are recognised by their executable (a Dovecot or Postfix program) together with their working
# directory (Postfix daemons run in the queue directory, Dovecot's in its base_dir or a maildir) or their
# command line (Dovecot's master is started with -c STATE_DIR/dovecot.conf). Wait for those to go.
our_leftovers() {
    local proc pid exe cwd cmdline
    for proc in /proc/[0-9]*; do
        pid=${proc#/proc/}
        exe=$(readlink "$proc/exe" 2>/dev/null) || continue
        case $exe in
            /usr/sbin/dovecot | /usr/lib/dovecot/* | /usr/bin/doveadm | /usr/lib/postfix/sbin/*) ;;
            *) continue ;;
        esac
        cwd=$(readlink "$proc/cwd" 2>/dev/null) || cwd=
        cmdline=$(tr '\0' ' ' < "$proc/cmdline" 2>/dev/null) || cmdline=
        if [[ $cwd == "$state" || $cwd == "$state"/* || $cmdline == *"$state/"* ]]; then
            echo "$pid"
        fi
    done
}

leftovers=
for (( tries = 0; tries < 50; tries++ )); do
    leftovers=$(our_leftovers)
    [[ -z $leftovers ]] && break
    sleep 0.1
done
if [[ -n $leftovers ]]; then
    # Only happens when a master died without taking its children along (or never wrote its pid file).
    echo "stop.sh: ending leftover processes of $state:" $leftovers >&2
    kill -TERM $leftovers 2>/dev/null || true
    sleep 1
    leftovers=$(our_leftovers)
    if [[ -n $leftovers ]]; then
        kill -KILL $leftovers 2>/dev/null || true
        sleep 0.2
    fi
    if [[ -n $(our_leftovers) ]]; then
        echo "stop.sh: could not end processes of $state:" $(our_leftovers) >&2
        status=1
    fi
fi

exit $status
