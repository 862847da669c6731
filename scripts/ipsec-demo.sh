#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Protects an IPsec tunnel with the demo network's keys (scripts/run.sh running in another terminal): two strongSwan
# gateways in network namespaces, gov's (the demo's gov-gateway SAE, keys over ETSI GS QKD 014 at gov's KME) and
# branch-east's (branch-gateway, keys over SKIP at branch-east's KME), keyed by the gov-vpn key service through the
# connector, which reauthenticates the tunnel with a fresh key every period. Needs root and Debian's
# strongswan-charon, strongswan-swanctl, libcharon-extra-plugins and iputils-ping.
#
#   sudo scripts/ipsec-demo.sh [--rotations N] [--period SECONDS] [--sites DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

rotations=3
period=20
sites="$here/karaf-dist/target/assembly/data/qkd-sites"
while [ $# -gt 0 ]; do
    case "$1" in
        --rotations) rotations="${2:?--rotations needs a number}"; shift 2 ;;
        --period) period="${2:?--period needs a number of seconds}"; shift 2 ;;
        --sites) sites="${2:?--sites needs the sites directory}"; shift 2 ;;
        *) echo "ipsec-demo.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "ipsec-demo.sh: network namespaces need root" >&2; exit 1; }
[ -x /usr/lib/ipsec/charon ] || { echo "ipsec-demo.sh: install strongswan-charon strongswan-swanctl" \
    "libcharon-extra-plugins iputils-ping first" >&2; exit 1; }
for file in "$sites/pki/sae/gov-gateway.p12" "$sites/skip/branch-gateway.psk"; do
    [ -s "$file" ] || { echo "ipsec-demo.sh: no $file: is the demo (scripts/run.sh) up and gov-vpn programmed?" >&2
        exit 1; }
done

work="$(mktemp -d /tmp/qkd-ipsec-demo.XXXXXX)"
cleanup() {
    for side in gov branch; do
        [ -s "$work/$side/charon.pid" ] && kill "$(cat "$work/$side/charon.pid")" 2>/dev/null || true
        ip netns del "qkd-$side" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

# the outer network (10.250.0.0/24 on a veth pair) and the protected addresses (10.251.1.1 at gov, 10.251.2.1 at
# branch-east)
ip netns add qkd-gov
ip netns add qkd-branch
ip link add qkd-gov-v type veth peer name qkd-branch-v
ip link set qkd-gov-v netns qkd-gov
ip link set qkd-branch-v netns qkd-branch
for side in gov:qkd-gov-v:10.250.0.1:10.251.1.1 branch:qkd-branch-v:10.250.0.2:10.251.2.1; do
    IFS=: read -r name dev outer inner <<< "$side"
    ip -n "qkd-$name" link set lo up
    ip -n "qkd-$name" addr add "$outer/24" dev "$dev"
    ip -n "qkd-$name" link set "$dev" up
    ip -n "qkd-$name" addr add "$inner/32" dev lo
    mkdir -p "$work/$name"
    cat > "$work/$name/strongswan.conf" <<CONF
charon {
  load_modular = no
  load = random nonce aes sha1 sha2 hmac gcm pem pkcs1 x509 pubkey openssl kdf kernel-libipsec kernel-netlink socket-default vici
  install_routes = yes
  plugins {
    vici { socket = unix://$work/$name/charon.vici }
  }
  filelog {
    log { path = $work/$name/charon.log
      flush_line = yes
      default = 1
    }
  }
}
CONF
    # charon with a /run of its own (its PID file); ESP in user space over TUN (kernel-libipsec)
    STRONGSWAN_CONF="$work/$name/strongswan.conf" ip netns exec "qkd-$name" unshare -m sh -c \
        "mount -t tmpfs tmpfs /run && exec /usr/lib/ipsec/charon" > "$work/$name/charon.out" 2>&1 &
    echo $! > "$work/$name/charon.pid"
done
for name in gov branch; do
    for _ in $(seq 1 100); do [ -S "$work/$name/charon.vici" ] && break; sleep 0.1; done
    [ -S "$work/$name/charon.vici" ] || { echo "ipsec-demo.sh: charon of $name did not start" >&2; exit 1; }
done

(umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/gateways.psk")
cat > "$work/connector.json" <<JSON
{
  "connection": "gov-vpn", "child": "net", "key-bits": 256, "period-seconds": $period, "rotations": $rotations,
  "ike-psk-file": "$work/gateways.psk",
  "initiator": {
    "sae": "gov-gateway", "vici": "$work/gov/charon.vici",
    "address": "10.250.0.1", "id": "gw-gov", "subnet": "10.251.1.1/32",
    "etsi014": "https://localhost:18455/api/v1/keys/",
    "key-store": "$sites/pki/sae/gov-gateway.p12", "password": "changeit", "ca": "$sites/pki/ca.crt"
  },
  "responder": {
    "sae": "branch-gateway", "vici": "$work/branch/charon.vici",
    "address": "10.250.0.2", "id": "gw-branch", "subnet": "10.251.2.1/32",
    "skip": "127.0.0.1:18554", "skip-psk-file": "$sites/skip/branch-gateway.psk"
  }
}
JSON
# traffic through the tunnel while the connector reauthenticates it
(sleep 5; ip netns exec qkd-gov ping -q -i 1 -c $((rotations * period + 5)) -I 10.251.1.1 10.251.2.1 \
    > "$work/ping.out" 2>&1) &
pinging=$!
"$here/scripts/ipsec-connector.sh" "$work/connector.json"
wait "$pinging"
echo "ping through the tunnel:"
tail -n 2 "$work/ping.out"
echo "PPKs the gateways used (their charon logs):"
grep -h "using PPK for PPK_ID" "$work/gov/charon.log" "$work/branch/charon.log" | sed 's/^.*\[CFG\] /  /'
