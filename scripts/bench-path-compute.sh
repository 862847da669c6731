#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Benchmarks path computation (JMH) beside JGraphT's Dijkstra and A* on random geometric graphs of 10,000 and
# 100,000 nodes, in one run, and prints Markdown tables: the median time of a constrained query, of k = 3 and of a
# disjoint pair beside JGraphT's, and the time of 100,000 placements on the 10,000-node graph. Takes under ten
# minutes on two cores and up to 4 GB of heap per JVM; run it on an otherwise idle machine. --quick makes one short
# iteration of each (both sizes, about three minutes), to check that everything runs: its figures are rough.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME

module=path-compute/path-compute-benchmark
./mvnw -B -ntp -q install -DskipTests -Dsft.skip=true -pl "$module" -am >&2
exec "$JAVA_HOME/bin/java" -Xmx4g -cp "$module/target/classes:$module/target/lib/*" \
    org.opendaylight.qkd.pathcompute.benchmark.PathComputeBench "$@"
