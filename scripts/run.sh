#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Builds the suite and starts the OpenDaylight distribution with RESTCONF, the OpenAPI explorer and the QKD features,
# in the foreground with the Karaf console (type 'logout' or press Ctrl-D to stop). By default it runs the demo
# metro network of demo/: 8 emulated QKD nodes (3 trusted relays, fibers of 10-80 km) and two key services under
# different policies, whose keys the demo SAEs fetch over ETSI GS QKD 014.
#
#   scripts/run.sh              build the distribution (tests and quality gates skipped; nothing is built when no
#                               file changed since the last build) and start with the demo network
#   scripts/run.sh --no-build   start what was built last
#   scripts/run.sh --no-demo    start without the demo network (no emulated network, no initial configuration)
#   scripts/run.sh --fresh      forget the datastore of earlier runs first (Karaf's state/ and data/)
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
        -h|--help) sed -n '9,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
        # the distribution and what it is made of, nothing else: the tests, quality gates, benchmarks and the
        # standalone emulator belong to scripts/test.sh (2 min 10 s instead of 3 min 22 s on 2 cores)
        ./mvnw -B -ntp package -pl karaf-dist -am -Dmaven.test.skip=true -Dsft.skip=true -Dcheckstyle.skip=true \
            -Dspotbugs.skip=true -Dmaven.javadoc.skip=true -Dmdep.analyze.skip=true -Dmodernizer.skip=true \
            -Dmaven.source.skip=true
        touch "$stamp"
    else
        echo "run.sh: nothing changed since the last build ($stamp), starting it"
    fi
fi
[ -x "$home/bin/karaf" ] || { echo "run.sh: no distribution at $home; run without --no-build" >&2; exit 1; }

busy=""
for port in 8181 8101 1099 44444 2550 17830 8443; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then busy="$busy $port"; fi
done
if [ -n "$busy" ]; then
    echo "run.sh: port(s)$busy already in use: is another OpenDaylight running? Stop it first." >&2
    exit 1
fi

if [ "$fresh" = yes ]; then
    rm -rf "$home/state" "$home/data" "$home/journal" "$home/snapshots"
fi
etc="$home/etc"
if [ "$demo" = yes ]; then
    mkdir -p "$etc/qkd-demo"
    cp demo/*.json "$etc/qkd-demo/"
    printf 'topologyFile = etc/qkd-demo/metro-topology.json\ntickMillis = 100\n' \
        > "$etc/org.opendaylight.qkd.emulator.cfg"
    printf 'files = etc/qkd-demo/devices.json, etc/qkd-demo/policies.json, etc/qkd-demo/services.json\n' \
        > "$etc/org.opendaylight.qkd.initial.cfg"
else
    printf 'topologyFile =\ntickMillis = 100\n' > "$etc/org.opendaylight.qkd.emulator.cfg"
    printf 'files =\n' > "$etc/org.opendaylight.qkd.initial.cfg"
fi

pki="$PWD/$home/etc/qkd-pki"
cat <<INFO
Starting OpenDaylight with the QKD suite (JDK: $JAVA_HOME); RESTCONF answers after about 30 s.
  RESTCONF:         http://127.0.0.1:8181/rests   (user admin, password admin), e.g.
                    curl -u admin:admin 'http://127.0.0.1:8181/rests/data/qkd-key-service:key-services?content=nonconfig'
  OpenAPI explorer: http://127.0.0.1:8181/openapi/explorer/index.html   (admin / admin)
  Karaf console:    this terminal, or ssh -p 8101 karaf@127.0.0.1 (password karaf); commands: qkd:<Tab>
  ETSI GS QKD 014:  https://127.0.0.1:8443/api/v1/keys (mutual TLS; the SAEs' demo certificates are in $pki)
  Logs:             $home/data/log/karaf.log (audit of key service modes: grep org.opendaylight.qkd.audit)
INFO
if [ "$demo" = yes ]; then
    cat <<DEMO
Demo metro network (demo/*.json): hq, dc-west, dc-south, branch-east, gov and the trusted relays relay-north,
relay-center, relay-east. Key services: bank-replication (hq-storage@hq -> dc-west-storage@dc-west, qkd-only) and
gov-vpn (gov-gateway@gov -> branch-gateway@branch-east, QKD with ML-KEM fallback). Try, on the console:
    qkd:service-list        qkd:link-list        qkd:node-list        qkd:path --policy demo-qkd-only hq dc-west
    qkd:link-fault relay-center-gov cut          qkd:alarm-list       qkd:link-fault relay-center-gov restore
and a key for the bank's storage (then the same key at the data centre, by its key_ID), from a shell:
    pki=$pki
    curl --cacert \$pki/ca.crt --cert \$pki/sae/hq-storage.crt --key \$pki/sae/hq-storage.key \\
         https://127.0.0.1:8443/api/v1/keys/dc-west-storage/enc_keys
    curl --cacert \$pki/ca.crt --cert \$pki/sae/dc-west-storage.crt --key \$pki/sae/dc-west-storage.key \\
         "https://127.0.0.1:8443/api/v1/keys/hq-storage/dec_keys?key_ID=<key_ID>"
DEMO
fi
exec "$home/bin/karaf"
