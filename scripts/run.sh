#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Builds the suite and starts the OpenDaylight distribution with RESTCONF and the QKD features, in the
# foreground with the Karaf console (type 'logout' or press Ctrl-D to stop).
#
#   scripts/run.sh              build (tests skipped) and start
#   scripts/run.sh --no-build   start what was built last
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

JAVA_HOME="$(scripts/jdk21.sh)"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

if [ "${1:-}" != "--no-build" ]; then
    ./mvnw -B -ntp package -DskipTests -Dsft.skip=true
fi

home="karaf-dist/target/assembly"
[ -x "$home/bin/karaf" ] || { echo "run.sh: no distribution at $home; run without --no-build" >&2; exit 1; }

busy=""
for port in 8181 8101 1099 44444 2550 17830 8443; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then busy="$busy $port"; fi
done
if [ -n "$busy" ]; then
    echo "run.sh: port(s)$busy already in use: is another OpenDaylight running? Stop it first." >&2
    exit 1
fi

cat <<INFO
Starting OpenDaylight with the QKD suite (JDK: $JAVA_HOME)
  RESTCONF:      http://127.0.0.1:8181/rests   (user admin, password admin), e.g.
                 curl -u admin:admin http://127.0.0.1:8181/rests/data/ietf-network:networks
  Karaf console: this terminal, or ssh -p 8101 karaf@127.0.0.1 (password karaf)
  ETSI GS QKD 014 key delivery: https://127.0.0.1:8443/api/v1/keys (mutual TLS; demo certificates of the
                 key services' SAEs in $home/etc/qkd-pki)
  Logs:          $home/data/log/karaf.log
INFO
exec "$home/bin/karaf"
