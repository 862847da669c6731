#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Runs the controller as a three-member OpenDaylight cluster on this machine, member N bound to 127.0.0.N with the
# usual ports (HTTPS 8443, SSH console 8101, JMX 1099/44444, Pekko remoting 2550), every datastore shard
# replicated on the three members, and by default the demo's sites as their own process.
#
#   scripts/cluster.sh start [--no-build] [--no-demo] [--fresh]
#                               start the members that are not running (and the sites), waiting until each member
#                               answers RESTCONF and holds its replica of the datastore; a member that was killed
#                               rejoins and catches up. --fresh forgets every member's datastore and the sites' keys
#   scripts/cluster.sh stop     stop every member and the sites (a member still running after 45 s is killed)
#   scripts/cluster.sh status   each member: process, RESTCONF, its role for the datastore's shards
#   scripts/cluster.sh kill N   kill -9 member N (1, 2 or 3), as a server crash would
#
# Members live in karaf-dist/target/cluster/member-N (QKD_CLUSTER_DIR moves them), each a copy of the distribution
# (karaf-dist/target/assembly, or QKD_CLUSTER_ASSEMBLY); the sites' keys, PKI and NETCONF password in
# karaf-dist/target/cluster/sites. RESTCONF user admin and console user karaf, the same on every member: the
# passwords in $QKD_ADMIN_PASSWORD and $QKD_CONSOLE_PASSWORD, else random ones kept (mode 0600) in
# karaf-dist/target/cluster/credentials, which a member's first start takes (README, "First start").
# QKD_CLUSTER_STABLE_AFTER (with --fresh, e.g. 2s): how long the split-brain resolver waits for a stable view before
# it downs an unreachable member, OpenDaylight's 7s when unset; Pekko also waits that long again before a singleton
# moves off a downed member. Shorter: faster failover, more risk of downing a member that was only slow (a long GC
# pause) and, in a real network partition, less margin before the other side's singletons stop.
# QKD_CLUSTER_HEARTBEAT_PAUSE (with --fresh): how long a member's heartbeats may stop before the others see it
# unreachable, 10s when unset (OpenDaylight's 3s is for members on hosts of their own): the three members here share
# the host's cores, and a member's start or a new owner's take-over holds the others' heartbeats back by 3-6 s on 2
# cores; with 3 s the split-brain resolver downed members that were only slow, which then had to restart.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/demo-sites.sh
. scripts/lib/demo-sites.sh

MEMBERS=(1 2 3)
# the distribution the members are copied from, and where they live (the cluster integration test sets both)
assembly="${QKD_CLUSTER_ASSEMBLY:-karaf-dist/target/assembly}"
root="${QKD_CLUSTER_DIR:-karaf-dist/target/cluster}"
case "$root" in
    /*) ;;
    *) root="$PWD/$root" ;;
esac
sites="$root/sites"
# the members' credentials: the operator's, else random ones made once and kept for the next starts; the file keeps
# only the passwords this script made, never one the operator gave
kept_admin=no
kept_console=no
made_passwords=no
# sets the variable named $1 unless the operator did: from the line "$2=" of the credentials file, else random
# (made_passwords=yes); true when the script keeps it, false when it is the operator's
kept_password() {
    local variable="$1" key="$2" file="$root/credentials"
    if [ -n "${!variable:-}" ]; then
        return 1
    fi
    if [ -f "$file" ]; then
        printf -v "$variable" '%s' "$(sed -n "s/^$key=//p" "$file")"
    fi
    if [ -z "${!variable:-}" ]; then
        printf -v "$variable" '%s' "$(random_password)"
        made_passwords=yes
    fi
}
credentials() {
    if kept_password QKD_ADMIN_PASSWORD admin; then
        kept_admin=yes
    fi
    if kept_password QKD_CONSOLE_PASSWORD console; then
        kept_console=yes
    fi
    if [ "$made_passwords" = yes ]; then
        keep_credentials
        echo "cluster.sh: the passwords made for the members are in $root/credentials" >&2
    fi
    export QKD_ADMIN_PASSWORD QKD_CONSOLE_PASSWORD
}
# writes the passwords this script made (or read from its file) where its next runs find them
keep_credentials() {
    mkdir -p "$root"
    (
        umask 077
        rm -f "$root/credentials.new"
        {
            if [ "$kept_admin" = yes ]; then
                printf 'admin=%s\n' "$QKD_ADMIN_PASSWORD"
            fi
            if [ "$kept_console" = yes ]; then
                printf 'console=%s\n' "$QKD_CONSOLE_PASSWORD"
            fi
        } > "$root/credentials.new"
    )
    mv "$root/credentials.new" "$root/credentials"
}
random_password() {
    head -c 18 /dev/urandom | base64 | tr '+/' '-_'
}
credentials
# how long a member may take to join and serve: three starting together share two cores
READY_TIMEOUT_S=${QKD_CLUSTER_READY_TIMEOUT_S:-600}
# how long stop waits for each process before it kills it
STOP_TIMEOUT_S=45

usage() {
    sed -n '9,32p' "$0" | sed 's/^# \{0,1\}//'
}

member_dir() {
    echo "$root/member-$1"
}

address() {
    echo "127.0.0.$1"
}

# the JVM of member $1, if it runs
member_pid() {
    pgrep -f -- "-Dkaraf.home=$(member_dir "$1") " | head -n 1 || true
}

sites_pid() {
    pgrep -f -- "--keys $sites\$" | head -n 1 || true
}

seed_nodes() {
    local seeds="" n
    for n in "${MEMBERS[@]}"; do
        seeds="$seeds${seeds:+, }\"pekko://opendaylight-cluster-data@$(address "$n"):2550\""
    done
    echo "$seeds"
}

# the failure detector's acceptable heartbeat pause (see the header)
HEARTBEAT_PAUSE="${QKD_CLUSTER_HEARTBEAT_PAUSE:-10s}"

# the split-brain resolver's stable-after, when QKD_CLUSTER_STABLE_AFTER sets it
stable_after() {
    if [ -n "${QKD_CLUSTER_STABLE_AFTER:-}" ]; then
        printf '\n      split-brain-resolver.stable-after = %s' "$QKD_CLUSTER_STABLE_AFTER"
    fi
}

# a copy of the distribution for member $1, bound to its address, in the cluster of the three
prepare() {
    local n="$1" dir addr replicas
    dir="$(member_dir "$n")"
    addr="$(address "$n")"
    if [ -d "$dir" ]; then
        return
    fi
    mkdir -p "$dir"
    # the system repository is read only: shared by hard links; the rest of what the distribution ships is the
    # member's own copy. Nothing a run of the distribution left in its directory is copied (its datastore in state/,
    # caches, locks): a new member starts empty
    cp -al "$assembly/system" "$dir/system"
    local entry
    for entry in bin configuration deploy etc lib CONTRIBUTING.md LICENSE README.md; do
        if [ -e "$assembly/$entry" ]; then
            cp -a "$assembly/$entry" "$dir/"
        fi
    done
    mkdir -p "$dir/configuration/initial"
    cat > "$dir/configuration/initial/pekko.conf" <<CONF
odl-cluster-data {
  pekko {
    remote {
      artery {
        enabled = on
        transport = tcp
        canonical.hostname = "$addr"
        canonical.port = 2550
      }
    }
    cluster {
      seed-nodes = [$(seed_nodes)]
      roles = ["member-$n"]
      failure-detector.acceptable-heartbeat-pause = $HEARTBEAT_PAUSE$(stable_after)
    }
    disable-default-actor-system-quarantined-event-handling = "false"
  }
}
CONF
    replicas="\"member-1\", \"member-2\", \"member-3\""
    {
        echo "module-shards = ["
        for shard in default topology inventory; do
            echo "    { name = \"$shard\", shards = [ { name = \"$shard\", replicas = [$replicas] } ] },"
        done
        echo "]"
    } > "$dir/configuration/initial/module-shards.conf"
    # the distribution listens on 127.0.0.1: each member on its own address instead
    sed -i "s/^org.ops4j.pax.web.listening.addresses *=.*/org.ops4j.pax.web.listening.addresses = $addr/" \
        "$dir/etc/org.ops4j.pax.web.cfg"
    # RESTCONF's Netty endpoint (8182)
    sed -i "s/^bind-address *=.*/bind-address=$addr/" "$dir/etc/org.opendaylight.restconf.nb.rfc8040.cfg"
    sed -i "s/^sshHost *=.*/sshHost = $addr/" "$dir/etc/org.apache.karaf.shell.cfg"
    sed -i -e "s/^rmiRegistryHost *=.*/rmiRegistryHost = $addr/" -e "s/^rmiServerHost *=.*/rmiServerHost = $addr/" \
        "$dir/etc/org.apache.karaf.management.cfg"
    sed -i "s/^karaf.name *=.*/karaf.name = member-$n/" "$dir/etc/system.properties"
}

restconf() {
    local n="$1" path="$2"
    shift 2
    # HTTPS with the member's certificate chain: the demo PKI's, $QKD_TLS_KEYSTORE's, or without either one its
    # first start made for its address (README, "HTTPS")
    curl -s -m 10 --cacert "$(member_dir "$n")/etc/qkd-tls/controller.crt" -u "admin:$QKD_ADMIN_PASSWORD" "$@" \
        "https://$(address "$n"):8443/rests/$path"
}

# member $1's role for shard $2 of datastore $3 (config or operational), empty when it does not answer
shard_role() {
    restconf "$1" operations/cluster-admin:get-shard-role -X POST -H 'Content-Type: application/json' \
        -d "{\"input\":{\"shard-name\":\"$2\",\"data-store-type\":\"$3\"}}" 2>/dev/null \
        | grep -o '"role":"[A-Za-z]*"' | cut -d'"' -f4 || true
}

ready() {
    local role
    role="$(shard_role "$1" default config)"
    [ "$role" = Leader ] || [ "$role" = Follower ]
}

start_member() {
    local n="$1" dir
    dir="$(member_dir "$n")"
    mkdir -p "$dir/data/log"
    echo "cluster.sh: starting member $n on $(address "$n")"
    # a session of its own: the member outlives this script
    (cd "$dir" && exec setsid bin/karaf server) > "$dir/data/log/console.log" 2>&1 < /dev/null &
    # its script becomes the JVM after a moment
    local deadline=$((SECONDS + 60))
    until [ -n "$(member_pid "$n")" ]; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "cluster.sh: member $n did not start; its console: $dir/data/log/console.log" >&2
            exit 1
        fi
        sleep 0.2
    done
}

start() {
    local build=yes demo=yes fresh=no arg n
    for arg in "$@"; do
        case "$arg" in
            --no-build) build=no ;;
            --no-demo) demo=no ;;
            --fresh) fresh=yes ;;
            *) echo "cluster.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
        esac
    done
    if [ "$build" = yes ]; then
        # the same build as scripts/run.sh: what it starts, no tests, no quality gates
        ./mvnw -B -ntp package -Pq -pl karaf-dist,emulator/emulator-standalone -am -Dmaven.test.skip=true \
            -Dodlparent.dependency.skip=true
    fi
    [ -x "$assembly/bin/karaf" ] || { echo "cluster.sh: no distribution at $assembly; run without --no-build" >&2;
        exit 1; }
    if [ "$fresh" = yes ]; then
        stop
        rm -rf "$root"
        if [ "$kept_admin" = yes ] || [ "$kept_console" = yes ]; then
            keep_credentials
        fi
    fi
    for n in "${MEMBERS[@]}"; do
        prepare "$n"
    done
    if [ "$demo" = yes ] && [ -z "$(sites_pid)" ]; then
        echo "cluster.sh: starting the demo's sites (log: $root/sites.log)"
        demo_sites_start "$sites" "$root/sites.log" detached
    fi
    if [ "$demo" = yes ]; then
        # every member's HTTPS certificate from the demo's PKI, which names 127.0.0.1-3 (unless given)
        demo_controller_certificate "$sites"
    fi
    for n in "${MEMBERS[@]}"; do
        if [ "$demo" = yes ]; then
            demo_config "$(member_dir "$n")/etc" "$(demo_password "$sites")"
        else
            demo_config "$(member_dir "$n")/etc" ""
        fi
        if [ -z "$(member_pid "$n")" ]; then
            start_member "$n"
        fi
    done
    local deadline=$((SECONDS + READY_TIMEOUT_S)) waiting
    while true; do
        waiting=""
        for n in "${MEMBERS[@]}"; do
            ready "$n" || waiting="$waiting $n"
        done
        [ -z "$waiting" ] && break
        for n in $waiting; do
            if [ -z "$(member_pid "$n")" ]; then
                echo "cluster.sh: member $n stopped while starting; its log: $(member_dir "$n")/data/log" >&2
                exit 1
            fi
        done
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "cluster.sh: member(s)$waiting not ready after ${READY_TIMEOUT_S} s" >&2
            exit 1
        fi
        sleep 2
    done
    echo "cluster.sh: the three members are up (after ${SECONDS} s)"
    status
}

stop() {
    local n pid pids=""
    for n in "${MEMBERS[@]}"; do
        pid="$(member_pid "$n")"
        if [ -n "$pid" ]; then
            echo "cluster.sh: stopping member $n (pid $pid)"
            kill "$pid"
            pids="$pids $pid"
        fi
    done
    pid="$(sites_pid)"
    if [ -n "$pid" ]; then
        echo "cluster.sh: stopping the demo's sites (pid $pid)"
        kill "$pid"
        pids="$pids $pid"
    fi
    # the last member to stop has no quorum left: the commits it still has pending never finish, and neither does its
    # shutdown; what the cluster committed is in every member's journal, so it is killed after a while
    local deadline=$((SECONDS + STOP_TIMEOUT_S))
    for pid in $pids; do
        while kill -0 "$pid" 2>/dev/null; do
            if [ "$SECONDS" -ge "$deadline" ]; then
                echo "cluster.sh: pid $pid did not stop in time, killing it" >&2
                kill -9 "$pid" 2>/dev/null || true
            fi
            sleep 0.5
        done
    done
}

status() {
    local n pid roles shard store
    for n in "${MEMBERS[@]}"; do
        pid="$(member_pid "$n")"
        if [ -z "$pid" ]; then
            echo "member $n ($(address "$n")): not running"
            continue
        fi
        roles=""
        for store in config operational; do
            for shard in default topology; do
                roles="$roles $store/$shard=$(shard_role "$n" "$shard" "$store")"
            done
        done
        echo "member $n ($(address "$n")): pid $pid, RSS $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 ))" \
            "MiB, shards:$roles"
    done
    pid="$(sites_pid)"
    if [ -n "$pid" ]; then
        echo "sites: pid $pid"
    else
        echo "sites: not running"
    fi
}

kill_member() {
    local n="${1:-}" pid
    case "$n" in
        1|2|3) ;;
        *) echo "cluster.sh: kill takes a member: 1, 2 or 3" >&2; exit 2 ;;
    esac
    pid="$(member_pid "$n")"
    [ -n "$pid" ] || { echo "cluster.sh: member $n is not running" >&2; exit 1; }
    kill -9 "$pid"
    echo "cluster.sh: killed member $n (pid $pid)"
}

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME
command="${1:-}"
[ $# -gt 0 ] && shift
case "$command" in
    start) start "$@" ;;
    stop) stop ;;
    status) status ;;
    kill) kill_member "$@" ;;
    -h|--help) usage ;;
    *) usage >&2; exit 2 ;;
esac
