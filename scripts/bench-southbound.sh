#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Benchmarks the southbound in the Karaf distribution with emulated NETCONF devices, for 10, 100 and 500 devices
# (a ring, served from the benchmark's JVM), each time in a fresh distribution: devices mounted and synced per
# second (declaration until every device connected and every link up in the operational topology), time from a
# link cut in the emulator to the active link-down alarm in qkd-alarms (10 cuts, once the controller has settled
# after the sync), and the controller's RSS. Prints a Markdown table and whether the goals are met: 500 devices
# synced in under 60 s, fault-to-alarm under 1 s.
#
#   scripts/bench-southbound.sh [--quick] [--no-build] [SouthboundBench options]
#
# --quick runs 10 devices only. --no-build uses the distribution and classes already built. Other options go to
# SouthboundBench: --devices 10,100,500 --polling-ms 5000 --refresh-ms 200 --faults 10 --karaf-heap 2g|default
# --sync-timeout-s 300 --settle-s 10 --work-dir DIR. Karaf's logs of each run stay in the work directory
# (qkd-southbound/southbound-benchmark/target/bench). The distribution uses Karaf's usual ports (8443, 8182, 8101,
# 1099, 44444, 2550, 17830): nothing else may run on them. Takes about ten minutes on two cores; run it on an
# otherwise idle machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME

module=qkd-southbound/southbound-benchmark
build=true
args=()
for arg in "$@"; do
    case "$arg" in
        --quick) args+=(--devices 10) ;;
        --no-build) build=false ;;
        *) args+=("$arg") ;;
    esac
done

if $build; then
    # -am: the distribution under test is built from this work tree too
    ./mvnw -B -ntp -q install -DskipTests -Dsft.skip=true -pl "$module" -am >&2
fi
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$module/target/classes:$module/target/lib/*" \
    org.opendaylight.qkd.southbound.benchmark.SouthboundBench \
    --distribution "$module/target/qkd-karaf.zip" --work-dir "$module/target/bench" "${args[@]}"
