#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Benchmarks ETSI GS QKD 014 key delivery in one JVM: the key plane (256-bit keys relayed over one hop of a fast
# synthetic in-memory link, produced in the background so that the stock never runs dry), the ETSI 014 server over
# mutual TLS, and 1, 16 and 100 concurrent asynchronous Netty clients (one event-loop thread by default; two HTTP/1.1
# keep-alive connections per client, one per SAE), each looping enc_keys as the master SAE then dec_keys as the slave
# SAE and checking both got identical keys; 1 and 16 keys per request. The same
# clients then measure a baseline endpoint of the same server stack that answers a constant body. Prints a Markdown
# table (keys/s, p50/p99/max latency per enc_keys+dec_keys pair, the baseline's, their ratio) and whether the goal is
# met: at least 10,000 keys/s and p99 under 5 ms at 16 clients. Exits with 1 when a request failed, the stock ran dry
# (503) or keys differed.
#
#   scripts/bench-keys.sh [--quick] [--no-build] [KeyDeliveryBench options]
#
# --quick runs 1 and 16 clients, 2 s of warm-up and 5 s of measurement each. --no-build uses the classes already
# built. Other options go to KeyDeliveryBench: --clients 1,16,100 --keys-per-request 1,16 --warmup-s 5
# --measure-s 15 --server-threads <cores> --client-threads 1 --max-stock 200000 --sites-hops 1,3 --relay-s 10
# --sites-store DIR (where the sites' key stores go, default java.io.tmpdir; the bench measures that directory's
# forced-write latency as the stores' baseline) --sites-refill on (off: the relay stops once the sites' stock is full,
# and the sites row is what they deliver from stock with the relay idle, a diagnostic beside the goal's measurement;
# give a --max-stock the measurement does not empty). Servers and clients share the machine's cores; takes about four
# minutes with the defaults. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME

module=key-orchestrator/key-benchmark
build=true
args=()
for arg in "$@"; do
    case "$arg" in
        --quick) args+=(--clients 1,16 --measure-s 5 --warmup-s 2) ;;
        --no-build) build=false ;;
        *) args+=("$arg") ;;
    esac
done

if $build; then
    ./mvnw -B -ntp -q install -DskipTests -Dsft.skip=true -pl "$module" -am >&2
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$module/target/classes:$module/target/lib/*" \
    org.opendaylight.qkd.keys.benchmark.KeyDeliveryBench "${args[@]}"
