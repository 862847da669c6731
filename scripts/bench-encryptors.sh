#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Benchmarks the keys encryptors take from two site KMEs (encrypted stores on disk, one ETSI GS QKD 020 hop over a
# synthetic link, production in the background): 16 clients, each taking a key at the master's KME and the same key
# by its ID at the slave's, over ETSI GS QKD 014 and over SKIP, for 256-, 1,024- and 8,192-bit keys, in one run.
# Prints a Markdown table of key pairs/s, p50 and p99 per pair, and the ratios against the same run's baselines
# (256-bit keys of the same protocol; ETSI 014 at the same size). Exits with 1 when a request failed or keys differed.
#
#   scripts/bench-encryptors.sh [--no-build] [--clients 16] [--sizes 256,1024,8192] [--warmup-s 5] [--measure-s 8]
#                               [--max-stock 400000] [--store DIR]
#
# Takes about two and a half minutes with the defaults (a first, uncounted round of every row warms the JIT). Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME

module=key-orchestrator/key-benchmark
build=true
args=()
for arg in "$@"; do
    case "$arg" in
        --no-build) build=false ;;
        *) args+=("$arg") ;;
    esac
done

if $build; then
    ./mvnw -B -ntp -q install -DskipTests -Pq -pl "$module" -am >&2
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$module/target/classes:$module/target/lib/*" \
    org.opendaylight.qkd.keys.benchmark.EncryptorBench "${args[@]}"
