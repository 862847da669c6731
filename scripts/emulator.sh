#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Runs the standalone QKD emulator, building it first if needed.
#
#   scripts/emulator.sh keyrate --preset gys --decoy infinite --to 150 --step 10
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME

module=emulator/emulator-standalone
jar=$(ls "$module"/target/qkd-emulator-standalone-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)
if [ -z "$jar" ] || [ ! -d "$module/target/lib" ]; then
    ./mvnw -B -ntp -q install -DskipTests -Dsft.skip=true -pl "$module" -am >&2
    jar=$(ls "$module"/target/qkd-emulator-standalone-*.jar | grep -v -e sources -e javadoc | head -n 1)
fi
exec "$JAVA_HOME/bin/java" -cp "$jar:$module/target/lib/*" org.opendaylight.qkd.emulator.standalone.Main "$@"
