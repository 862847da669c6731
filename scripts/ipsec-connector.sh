#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Runs the IPsec connector (keys a strongSwan tunnel with the QKD network's keys), building it first if needed.
#
#   scripts/ipsec-connector.sh connector.json
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

JAVA_HOME="$("$here/scripts/jdk21.sh")"
export JAVA_HOME

module="$here/key-orchestrator/key-ipsec"
jar=$(ls "$module"/target/qkd-key-ipsec-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)
if [ -z "$jar" ] || [ ! -d "$module/target/lib" ]; then
    (cd "$here" && ./mvnw -B -ntp -q install -Pq -DskipTests -pl key-orchestrator/key-ipsec -am >&2)
    jar=$(ls "$module"/target/qkd-key-ipsec-*.jar | grep -v -e sources -e javadoc | head -n 1)
fi
exec "$JAVA_HOME/bin/java" -cp "$jar:$module/target/lib/*" org.opendaylight.qkd.keys.ipsec.ConnectorMain "$@"
