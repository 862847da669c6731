#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Benchmarks the emulator's key generation (JMH) beside AES-CTR and ChaCha20 on this machine, in one run, and
# prints: emulated metro links kept in real time with 1 thread and with all cores, key bytes/s per core, and the
# ratio to the ciphers. Takes about two minutes; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME

module=emulator/emulator-benchmark
./mvnw -B -ntp -q install -DskipTests -Dsft.skip=true -pl "$module" -am >&2
exec "$JAVA_HOME/bin/java" -cp "$module/target/classes:$module/target/lib/*" \
    org.opendaylight.qkd.emulator.benchmark.EmulatorBench "$@"
