#!/usr/bin/env bash
# A lab of real systemd-logind hosts: systemd-nspawn containers booted from one cached
# Debian rootfs, each with its own sshd on 127.0.0.1, users and real login sessions.
#
# Usage: tests/lab/lab.sh COMMAND
#   rootfs                  build the cached rootfs if it is missing (debootstrap, once)
#   start [N]               boot N hosts (default $SC_LAB_HOSTS or 2), wait for logind and
#                           sshd, write $SC_LAB_DIR/lab.env; on failure stops what it started
#   stop                    stop every host the last start left running, remove the state
#   run [N] -- CMD...       start, run CMD with SC_LAB_ENV set, stop on any exit
#   exec HOST -- CMD...     run CMD inside HOST (all its namespaces)
#   sessions HOST USER N    open N real logind sessions of USER in HOST (su -l), wait for them
#   freeze HOST / thaw HOST SIGSTOP / SIGCONT every process of HOST (a hung machine)
#   kill-host HOST          SIGKILL HOST's PID 1 (a power cut); revive HOST boots it again on
#                           its port and rewrites its PID and bus in lab.env
#
# Environment:
#   SC_LAB_ROOTFS   cached rootfs (default /var/cache/session-console/lab-rootfs)
#   SC_LAB_DIR      state of the running lab (default: the directory of $SC_LAB_ENV, else
#                   /run/session-console-lab)
#   SC_LAB_HOSTS    number of hosts for start (default 2)
#
# lab.env holds, for ctest and the benchmark: LAB_HOSTS, LAB_SSH_CONFIG, and per host
# LAB_<host>_PID (its PID 1 seen from here), LAB_<host>_BUS and LAB_<host>_PORT.
set -euo pipefail

readonly ROOTFS=${SC_LAB_ROOTFS:-/var/cache/session-console/lab-rootfs}
if [ -z "${SC_LAB_DIR:-}" ] && [ -n "${SC_LAB_ENV:-}" ]; then SC_LAB_DIR=$(dirname "$SC_LAB_ENV"); fi
readonly LAB_DIR=${SC_LAB_DIR:-/run/session-console-lab}
readonly ENV_FILE=$LAB_DIR/lab.env
# Bump when the provisioning below changes, so cached rootfs trees are rebuilt.
readonly ROOTFS_VERSION=3
readonly LAB_USERS="alice bob carol bench"
readonly PACKAGES=systemd,systemd-sysv,dbus,libpam-systemd,procps,openssh-server

log() { echo "lab: $*" >&2; }
die() { log "$*"; exit 1; }

host_failed() { # HOST WHAT: show the host's console output before stop_lab removes it
    tail -n 20 "$LAB_DIR/hosts/$1/console.log" >&2 2>/dev/null || true
    die "$1 $2"
}

require_root() {
    [ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, systemd-nspawn, nsenter)"
}

# The Debian mirror this machine's apt already uses; never a URL of our own.
apt_mirror() { "$(dirname "${BASH_SOURCE[0]}")/../../scripts/apt-mirror.sh" || die "cannot read the Debian mirror"; }

build_rootfs() {
    require_root
    if [ "$(cat "$ROOTFS/.sc-lab-rootfs" 2>/dev/null)" = "$ROOTFS_VERSION" ]; then
        return 0
    fi
    # One build at a time, when several build trees start a lab at once.
    mkdir -p "$(dirname "$ROOTFS")"
    exec 9>"$ROOTFS.lock"
    flock 9
    if [ "$(cat "$ROOTFS/.sc-lab-rootfs" 2>/dev/null)" = "$ROOTFS_VERSION" ]; then
        exec 9>&-
        return 0
    fi
    command -v debootstrap >/dev/null || die "debootstrap is missing (scripts/install-deps.sh lab)"
    local suite mirror staging
    suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    mirror=$(apt_mirror)
    staging=$ROOTFS.building.$$
    mkdir -p "$(dirname "$ROOTFS")"
    rm -rf "$staging"
    trap 'rm -rf "$staging"' EXIT
    log "building $ROOTFS ($suite from $mirror); this happens once"
    debootstrap --variant=minbase --include="$PACKAGES" "$suite" "$staging" "$mirror" \
        >"$staging.log" 2>&1 || { tail -n 30 "$staging.log" >&2; rm -f "$staging.log"; die "debootstrap failed"; }
    rm -f "$staging.log"
    chroot "$staging" /bin/sh -eu -c '
        for user in '"$LAB_USERS"'; do useradd --create-home --shell /bin/bash "$user"; done
        # Nothing in the lab reads a console; these would only slow the boot down.
        systemctl mask console-getty.service getty@.service serial-getty@.service \
            systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
            fstrim.timer >/dev/null 2>&1 || true
        apt-get clean
        rm -rf /var/lib/apt/lists/*
        : > /etc/machine-id
    '
    # Keys are per lab run, read from a directory bound in at boot; root-owned key files
    # pass sshd StrictModes for every user.
    cat >"$staging/etc/ssh/sshd_config.d/00-lab.conf" <<'EOF'
ListenAddress 127.0.0.1
AuthorizedKeysFile /etc/ssh/lab-keys/%u
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UseDNS no
MaxStartups 100:30:200
MaxSessions 100
EOF
    echo "$ROOTFS_VERSION" >"$staging/.sc-lab-rootfs"
    rm -rf "$ROOTFS"
    mv "$staging" "$ROOTFS"
    exec 9>&-
    trap - EXIT
    log "rootfs ready"
}

free_port() {
    local port
    for _ in $(seq 200); do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

leader_of() { # PID of the container's PID 1, the child of systemd-nspawn
    local nspawn=$1 child
    for _ in $(seq 100); do
        child=$(ps -o pid= --ppid "$nspawn" | head -n 1 | tr -d ' ')
        if [ -n "$child" ] && [ "$(cat "/proc/$child/comm" 2>/dev/null)" = systemd ]; then
            echo "$child"
            return 0
        fi
        kill -0 "$nspawn" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

stop_lab() {
    [ -d "$LAB_DIR" ] || return 0
    local pidfile pid
    for pidfile in "$LAB_DIR"/hosts/*/nspawn.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        # SIGTERM makes systemd-nspawn power the container off cleanly.
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pidfile in "$LAB_DIR"/hosts/*/nspawn.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        for _ in $(seq 300); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    done
    local left=0
    for pidfile in "$LAB_DIR"/hosts/*/cgroups; do
        [ -e "$pidfile" ] || continue
        remove_cgroups "$pidfile" || left=1
    done
    if [ -e "$LAB_DIR/agent.pid" ]; then
        kill "$(cat "$LAB_DIR/agent.pid")" 2>/dev/null || true
    fi
    if [ "$left" -ne 0 ]; then
        # Kept, so that the next start (or stop) finds the trees and tries again.
        log "stop: processes are left in the cgroups above; state kept in $LAB_DIR"
        return 1
    fi
    rm -rf "$LAB_DIR"
}

wait_for_host() { # HOST LEADER PORT: logind answers on the host's bus and sshd listens
    local name=$1 leader=$2 port=$3 bus
    bus=unix:path=/proc/$leader/root/run/dbus/system_bus_socket
    for _ in $(seq 600); do
        kill -0 "$leader" 2>/dev/null || host_failed "$name" "stopped while booting"
        # loginctl refuses to run where PID 1 is not systemd, so ask with busctl.
        if busctl --address="$bus" call org.freedesktop.login1 /org/freedesktop/login1 \
            org.freedesktop.login1.Manager ListSessions >/dev/null 2>&1 \
            && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    host_failed "$name" "did not come up within 60 s"
}

host_cgroups() { # NAME: the host's own cgroup in each hierarchy systemd uses, under ours
    # Named after this lab's state directory too: two labs at once (the test fixture's and the
    # soak's, two build trees) never share, or empty, each other's cgroups.
    local name path
    name=$(printf '%s' "$LAB_DIR" | md5sum | cut -c1-8)-$1
    if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then
        path=$(sed -n 's/^0:://p' /proc/self/cgroup)
        echo "/sys/fs/cgroup${path%/}/sc-lab-$name"
        return 0
    fi
    # Hybrid or legacy: the unified tree (if any) and the name=systemd one.
    if [ -d /sys/fs/cgroup/unified ]; then
        path=$(sed -n 's/^0:://p' /proc/self/cgroup)
        echo "/sys/fs/cgroup/unified${path%/}/sc-lab-$name"
    fi
    path=$(sed -n 's/^[0-9]*:name=systemd://p' /proc/self/cgroup)
    echo "/sys/fs/cgroup/systemd${path%/}/sc-lab-$name"
}

kill_cgroup_tree() { # DIR: SIGKILL every process still in the tree
    local procs
    if [ -w "$1/cgroup.kill" ]; then
        echo 1 >"$1/cgroup.kill" 2>/dev/null && return 0
    fi
    while IFS= read -r procs; do
        # shellcheck disable=SC2046
        kill -KILL $(cat "$procs" 2>/dev/null) 2>/dev/null || true
    done < <(find "$1" -name cgroup.procs 2>/dev/null)
}

remove_cgroups() { # FILE: empties and removes the cgroup trees it lists, deepest first
    local dir deadline left=0
    [ -r "$1" ] || return 0
    for dir in $(cat "$1"); do
        [ -d "$dir" ] || continue
        # The host's nspawn is gone: whatever is left in its tree is a leftover (a dying
        # host's processes the kernel is still reaping, or something that escaped the
        # poweroff). Killed, then waited for with a deadline wide enough for a loaded machine.
        kill_cgroup_tree "$dir"
        deadline=$((SECONDS + 60))
        while [ -d "$dir" ]; do
            find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
            [ -d "$dir" ] || break
            if [ "$SECONDS" -ge "$deadline" ]; then
                log "cgroup $dir still holds $(find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | wc -l) process(es) after 60 s"
                left=1
                break
            fi
            kill_cgroup_tree "$dir"
            sleep 0.2
        done
    done
    return "$left"
}

boot_host() { # NAME PORT: boots the host, prints its leader's PID
    local name=$1 port=$2 nspawn cgroups dir
    mkdir -p "$LAB_DIR/hosts/$name"
    echo "Port $port" >"$LAB_DIR/hosts/$name/sshd.conf"
    # systemd-nspawn puts the host's cgroup tree under the cgroup it runs in: hosts sharing
    # one would share session-cN.scope and user@UID.service cgroups, and stopping one
    # host's session would wait for another's processes.
    cgroups=$(host_cgroups "$name")
    echo "$cgroups" >"$LAB_DIR/hosts/$name/cgroups"
    remove_cgroups "$LAB_DIR/hosts/$name/cgroups" || die "$name: the cgroups of its last boot cannot be emptied"
    for dir in $cgroups; do mkdir -p "$dir"; done
    (
        for dir in $cgroups; do echo "$BASHPID" >"$dir/cgroup.procs"; done
        exec setsid systemd-nspawn -q -D "$ROOTFS" -M "$name" --register=no --keep-unit \
            --volatile=overlay --console=passive \
            --bind-ro="$LAB_DIR/keys:/etc/ssh/lab-keys" \
            --bind-ro="$LAB_DIR/hosts/$name/sshd.conf:/etc/ssh/sshd_config.d/10-port.conf" \
            -b
    ) </dev/null >"$LAB_DIR/hosts/$name/console.log" 2>&1 &
    nspawn=$!
    disown "$nspawn" # stop_lab ends it by PID; no job-control notices from this shell
    echo "$nspawn" >"$LAB_DIR/hosts/$name/nspawn.pid"
    leader_of "$nspawn" || host_failed "$name" "did not start"
}

host_pids() { # LEADER: every process in the host's PID namespace, seen from here
    local leader=$1 ns proc
    ns=$(readlink "/proc/$leader/ns/pid") || return 0
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/ns/pid" 2>/dev/null)" = "$ns" ] && echo "${proc#/proc/}"
    done
    return 0
}

freeze_host() { # HOST: SIGSTOP everything in it; repeated until nothing new was forked meanwhile
    local leader stopped="" pids
    leader=$(host_leader "$1")
    for _ in $(seq 20); do
        pids=$(host_pids "$leader" | sort -n | tr '\n' ' ')
        [ "$pids" = "$stopped" ] && return 0
        # shellcheck disable=SC2086
        kill -STOP $pids 2>/dev/null || true
        stopped=$pids
    done
    die "$1 kept forking while being frozen"
}

thaw_host() {
    local leader
    leader=$(host_leader "$1")
    # shellcheck disable=SC2046
    kill -CONT $(host_pids "$leader") 2>/dev/null || true
}

kill_host() { # HOST: SIGKILL its PID 1, which ends the whole host at once, as a power cut
    local leader nspawn
    leader=$(host_leader "$1")
    nspawn=$(cat "$LAB_DIR/hosts/$1/nspawn.pid")
    kill -KILL "$leader" 2>/dev/null || true
    for _ in $(seq 300); do
        kill -0 "$nspawn" 2>/dev/null || return 0
        sleep 0.1
    done
    die "$1 did not die"
}

revive_host() { # HOST: boots a killed host again on its port; lab.env gets its new PID and bus
    local name=$1 port_var=LAB_${1}_PORT leader
    host_leader "$name" >/dev/null
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    kill -0 "$(cat "$LAB_DIR/hosts/$name/nspawn.pid")" 2>/dev/null && die "$name is still running"
    leader=$(boot_host "$name" "${!port_var}")
    wait_for_host "$name" "$leader" "${!port_var}"
    sed -i -e "s|^LAB_${name}_PID=.*|LAB_${name}_PID=$leader|" \
        -e "s|^LAB_${name}_BUS=.*|LAB_${name}_BUS=unix:path=/proc/$leader/root/run/dbus/system_bus_socket|" "$ENV_FILE"
}

start_lab() {
    local count=${1:-${SC_LAB_HOSTS:-2}}
    require_root
    command -v systemd-nspawn >/dev/null || die "systemd-nspawn is missing (scripts/install-deps.sh lab)"
    build_rootfs
    stop_lab || die "the lab an earlier run left in $LAB_DIR cannot be stopped"
    mkdir -p "$LAB_DIR/keys" "$LAB_DIR/hosts"
    chmod 755 "$LAB_DIR" "$LAB_DIR/keys"
    trap 'stop_lab' EXIT
    trap 'exit 130' INT TERM

    ssh-keygen -q -t ed25519 -N '' -C session-console-lab -f "$LAB_DIR/id_lab"
    local user
    for user in root $LAB_USERS; do
        install -m 644 "$LAB_DIR/id_lab.pub" "$LAB_DIR/keys/$user"
    done
    : >"$LAB_DIR/known_hosts"
    cat >"$LAB_DIR/ssh_config" <<EOF
IdentityFile $LAB_DIR/id_lab
IdentitiesOnly yes
UserKnownHostsFile $LAB_DIR/known_hosts
GlobalKnownHostsFile /dev/null
StrictHostKeyChecking yes
LogLevel ERROR
EOF

    local hosts=() i name port leader hostkey
    hostkey=$(awk '{ print $1, $2 }' "$ROOTFS/etc/ssh/ssh_host_ed25519_key.pub")
    for i in $(seq "$count"); do
        name=sclab$i
        port=$(free_port)
        leader=$(boot_host "$name" "$port")
        echo "[127.0.0.1]:$port $hostkey" >>"$LAB_DIR/known_hosts"
        hosts+=("$name")
        {
            echo "LAB_${name}_PID=$leader"
            echo "LAB_${name}_BUS=unix:path=/proc/$leader/root/run/dbus/system_bus_socket"
            echo "LAB_${name}_PORT=$port"
        } >>"$LAB_DIR/lab.env.partial"
    done
    for name in "${hosts[@]}"; do
        # shellcheck disable=SC1090
        . "$LAB_DIR/lab.env.partial"
        leader_var=LAB_${name}_PID port_var=LAB_${name}_PORT
        wait_for_host "$name" "${!leader_var}" "${!port_var}"
    done
    {
        echo "LAB_HOSTS=\"${hosts[*]}\""
        echo "LAB_SSH_CONFIG=$LAB_DIR/ssh_config"
        echo "LAB_SSH_KEY=$LAB_DIR/id_lab"
        cat "$LAB_DIR/lab.env.partial"
    } >"$ENV_FILE"
    rm -f "$LAB_DIR/lab.env.partial"
    trap - EXIT INT TERM
    log "${#hosts[@]} host(s) up: ${hosts[*]} (state in $LAB_DIR)"
}

host_leader() {
    [ -r "$ENV_FILE" ] || die "no lab is running ($ENV_FILE missing)"
    local var=LAB_${1}_PID
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    [ -n "${!var:-}" ] || die "no lab host '$1'"
    echo "${!var}"
}

exec_in_host() {
    local leader
    leader=$(host_leader "$1")
    shift
    [ "${1:-}" = "--" ] && shift
    exec nsenter --target "$leader" --all --wd=/ -- "$@"
}

open_sessions() { # HOST USER N
    local host=$1 user=$2 count=$3 leader unit marker
    leader=$(host_leader "$host")
    unit=lab-sessions-$user-$RANDOM$RANDOM
    marker=/proc/$leader/root/run/$unit.done
    # A transient service of the host's own systemd, so each su is in the host's cgroup
    # tree and pam_systemd moves it into a session scope of its own: an su still in the
    # service's cgroup has no session yet. In waves of 40, since every pam_systemd opens a
    # bus connection as root and dbus-daemon allows root 256 at once (beyond that su goes
    # on without a session).
    nsenter --target "$leader" --all --wd=/ -- systemd-run --quiet --collect --service-type=exec \
        --unit="$unit" /bin/sh -c '
            # The unified hierarchy: /sys/fs/cgroup, or its unified/ on a hybrid layout
            # (where /proc/self/cgroup has a line per v1 controller too).
            cgroup=$(sed -n "s/^0:://p" /proc/self/cgroup)
            if [ -e /sys/fs/cgroup/cgroup.procs ]; then cgroup=/sys/fs/cgroup$cgroup; else cgroup=/sys/fs/cgroup/unified$cgroup; fi
            if [ ! -r "$cgroup/cgroup.procs" ]; then echo "no cgroup.procs at $cgroup" >/run/'"$unit"'.done; exit 1; fi
            # The logins started and still in this cgroup: by PID, since a child that has
            # not yet become su (fork before exec) is one too.
            pids=""
            pending() {
                n=0
                procs=$(cat "$cgroup/cgroup.procs")
                for pid in $pids; do
                    case " $(echo $procs) " in *" $pid "*) n=$((n + 1)) ;; esac
                done
                echo $n
            }
            settle() { # a minute at most: su and pam_systemd are slow on a loaded machine
                tries=0
                while [ "$(pending)" -gt 0 ] && [ $tries -lt 1200 ]; do sleep 0.05; tries=$((tries + 1)); done
            }
            i=0
            while [ $i -lt '"$count"' ]; do
                su -l '"$user"' -c "exec sleep infinity" &
                pids="$pids $!"
                i=$((i + 1))
                [ $((i % 40)) -eq 0 ] && settle
            done
            settle
            pending >/run/'"$unit"'.done
            wait'
    for _ in $(seq 3000); do
        if [ -s "$marker" ]; then
            [ "$(cat "$marker")" = 0 ] || die "$(cat "$marker") of $count su logins in $host got no logind session"
            return 0
        fi
        sleep 0.1
    done
    die "sessions of $user in $host did not appear within 300 s"
}

case "${1:-}" in
rootfs) build_rootfs ;;
start) start_lab "${2:-}" ;;
stop) stop_lab ;;
run)
    shift
    count=""
    if [ "${1:-}" != "--" ]; then count=${1:-}; shift; fi
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "run needs a command after --"
    trap 'stop_lab' EXIT
    trap 'exit 130' INT TERM
    start_lab "$count"
    trap 'stop_lab' EXIT
    SC_LAB_ENV=$ENV_FILE "$@"
    ;;
exec)
    [ $# -ge 3 ] || die "usage: lab.sh exec HOST -- CMD..."
    shift
    exec_in_host "$@"
    ;;
freeze | thaw | kill-host | revive)
    [ $# -eq 2 ] || die "usage: lab.sh $1 HOST"
    case $1 in
    freeze) freeze_host "$2" ;;
    thaw) thaw_host "$2" ;;
    kill-host) kill_host "$2" ;;
    revive) revive_host "$2" ;;
    esac
    ;;
sessions)
    [ $# -eq 4 ] || die "usage: lab.sh sessions HOST USER N"
    open_sessions "$2" "$3" "$4"
    ;;
*)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
