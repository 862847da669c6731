#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Builds the suite and starts the OpenDaylight distribution with RESTCONF, the OpenAPI explorer and the QKD features,
# in the foreground with the Karaf console (type 'logout' or press Ctrl-D to stop). By default it first starts the
# demo metro network of demo/ as its own process, the sites: 8 emulated SD-QKD nodes (3 trusted relays, fibers of
# 10-80 km), each with its NETCONF server, its key manager and its ETSI GS QKD 014 and 020 ports on loopback; the
# controller mounts them over NETCONF and programs two key services under different policies, whose keys the demo
# SAEs fetch at their own sites. Stopping the console stops the sites too.
#
#   scripts/run.sh              build the distribution and the emulator (tests and quality gates skipped; nothing
#                               is built when no file changed since the last build) and start with the demo network
#   scripts/run.sh --no-build   start what was built last
#   scripts/run.sh --no-demo    start without the demo network (no sites, no initial configuration)
#   scripts/run.sh --fresh      forget the datastore of earlier runs first (Karaf's state/ and data/, which holds
#                               the sites' keys, PKI and NETCONF password as well)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=yes
demo=yes
fresh=no
for arg in "$@"; do
    case "$arg" in
        --no-build) build=no ;;
        --no-demo) demo=no ;;
        --fresh) fresh=yes ;;
        -h|--help) sed -n '9,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run.sh: unknown option '$arg' (use --no-build, --no-demo, --fresh or --help)" >&2; exit 2 ;;
    esac
done

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

home="karaf-dist/target/assembly"
stamp="karaf-dist/target/run-build.stamp"
if [ "$build" = yes ]; then
    changed=yes
    if [ -f "$stamp" ] && [ -x "$home/bin/karaf" ]; then
        # demo/ is copied at each start, not built
        changed="$(find . \( -path ./.git -o -path ./.build -o -path ./demo -o -path '*/target' \) -prune \
            -o -type f -newer "$stamp" -print -quit)"
    fi
    if [ -n "$changed" ]; then
        # the distribution, the emulator that runs the sites and what they are made of, nothing else: the tests,
        # quality gates and benchmarks belong to scripts/test.sh
        # quality gates skipped the way odlparent reads them: its 'q' profile sets odlparent.checkstyle.skip,
        # odlparent.spotbugs.skip and the others (-Dspotbugs.skip is ignored), and the dependency analysis has its own
        ./mvnw -B -ntp package -Pq -pl karaf-dist,emulator/emulator-standalone -am -Dmaven.test.skip=true \
            -Dodlparent.dependency.skip=true
        touch "$stamp"
    else
        echo "run.sh: nothing changed since the last build ($stamp), starting it"
    fi
fi
[ -x "$home/bin/karaf" ] || { echo "run.sh: no distribution at $home; run without --no-build" >&2; exit 1; }

busy=""
# the demo sites' metrics for Prometheus: http://127.0.0.1:18600/metrics (lib/demo-sites.sh)
DEMO_SITES_METRICS_PORT=18600
ports="8443 8182 8101 1099 44444 2550 17830"
if [ "$demo" = yes ]; then
    # the sites' NETCONF, ETSI GS QKD 014, 020 and SKIP ports (demo/metro-topology.json)
    ports="$ports $(seq -s ' ' 17851 17858) $(seq -s ' ' 18451 18458) $(seq -s ' ' 18251 18258)"
    ports="$ports $(seq -s ' ' 18551 18558) $DEMO_SITES_METRICS_PORT"
fi
for port in $ports; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then busy="$busy $port"; fi
done
if [ -n "$busy" ]; then
    echo "run.sh: port(s)$busy already in use: is another OpenDaylight or the demo's sites running? Stop it first." >&2
    exit 1
fi

if [ "$fresh" = yes ]; then
    rm -rf "$home/state" "$home/data" "$home/journal" "$home/snapshots"
fi
etc="$home/etc"
sites_pid=""
# shellcheck source=lib/demo-sites.sh
. scripts/lib/demo-sites.sh
if [ "$demo" = yes ]; then
    sites="$PWD/$home/data/qkd-sites"
    demo_config "$etc" "$(demo_password "$sites")"
    sites_log="$home/data/log/qkd-sites.log"
    echo "run.sh: starting the demo's sites (log: $sites_log)"
    trap 'kill "$sites_pid" 2>/dev/null; wait "$sites_pid" 2>/dev/null' EXIT
    demo_sites_start "$sites" "$sites_log"
    # the controller's HTTPS certificate from the demo's PKI (unless the operator gives one): one CA for the
    # controller and the key managers
    demo_controller_certificate "$sites"
else
    demo_config "$etc" ""
fi

cat <<INFO
Starting OpenDaylight with the QKD suite (JDK: $JAVA_HOME); RESTCONF answers after about 30 s.
  Credentials:      no default password: the first start makes them, from \$QKD_ADMIN_PASSWORD and
                    \$QKD_CONSOLE_PASSWORD or at random, and shows random ones below, once (README, "First start")
  HTTPS only:       the controller's certificate chain is $home/etc/qkd-tls/controller.crt (from the
                    demo's PKI, or self-signed without the demo, or yours from \$QKD_TLS_KEYSTORE; README, "HTTPS")
  RESTCONF:         https://127.0.0.1:8443/rests   (user admin), e.g.
                    curl --cacert $home/etc/qkd-tls/controller.crt -u admin \\
                         'https://127.0.0.1:8443/rests/data/qkd-key-service:key-services?content=nonconfig'
  OpenAPI explorer: https://127.0.0.1:8443/openapi/explorer/index.html   (user admin)
  Network map:      https://127.0.0.1:8443/qkd/map/index.html   (user admin)
  Metrics:          https://127.0.0.1:8443/qkd/metrics   (Prometheus text format, user admin)
  Karaf console:    this terminal, or ssh -p 8101 karaf@127.0.0.1; commands: qkd:<Tab>
  Logs:             $home/data/log/karaf.log (audit of key service modes: grep org.opendaylight.qkd.audit)
INFO
if [ "$demo" = yes ]; then
    cat <<DEMO
Demo metro network (demo/*.json), running as the sites process (its log: $sites_log): hq, dc-west, dc-south,
branch-east, gov and the trusted relays relay-north, relay-center, relay-east, each an SD-QKD node with NETCONF on
127.0.0.1:17851-17858, ETSI GS QKD 014 on 18451-18458, ETSI GS QKD 020 on 18251-18258 and SKIP on 18551-18558
(in that order; SKIP's pre-shared keys are in $sites/skip/<SAE>.psk); their metrics for Prometheus on
http://127.0.0.1:$DEMO_SITES_METRICS_PORT/metrics.
Key services: bank-replication (hq-storage@hq -> dc-west-storage@dc-west, qkd-only) and gov-vpn
(gov-gateway@gov -> branch-gateway@branch-east, QKD with ML-KEM fallback). Try, on the console:
    qkd:service-list        qkd:link-list        qkd:node-list        qkd:path --policy demo-qkd-only hq dc-west
    qkd:link-fault relay-center-gov cut          qkd:alarm-list       qkd:link-fault relay-center-gov restore
and a key for the bank's storage at hq's key manager, then the same key at the data centre's, by its key_ID
(each node makes the certificate of the SAE it serves once the controller programmed the service):
    pki=$sites/pki
    curl --cacert \$pki/ca.crt --cert \$pki/sae/hq-storage.crt --key \$pki/sae/hq-storage.key \\
         https://localhost:18451/api/v1/keys/dc-west-storage/enc_keys
    curl --cacert \$pki/ca.crt --cert \$pki/sae/dc-west-storage.crt --key \$pki/sae/dc-west-storage.key \\
         "https://localhost:18452/api/v1/keys/hq-storage/dec_keys?key_ID=<key_ID>"
DEMO
fi
# in the foreground, not exec'd: the sites are stopped when the console ends
"$home/bin/karaf"
