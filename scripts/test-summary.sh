#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Adds up the Surefire and Failsafe XML reports under the source tree and prints, last, one line:
#   Tests: N passed, N failed, N skipped
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

total=0 failed=0 skipped=0
while IFS= read -r report; do
    line="$(grep -m1 -o '<testsuite [^>]*>' "$report" || true)"
    [ -n "$line" ] || continue
    attr() { echo "$line" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    total=$((total + $(attr tests)))
    failed=$((failed + $(attr failures) + $(attr errors)))
    skipped=$((skipped + $(attr skipped)))
done < <(find . -path '*/target/*-reports/TEST-*.xml' -type f 2>/dev/null)

# Figures the integration tests measured (startup time, memory), kept in their output files by odlparent
find . -path '*/target/failsafe-reports/*-output.txt' -type f -exec grep -h "QKD distribution:" {} + 2>/dev/null \
    | sed 's/^.* - //' | sort -u || true
echo "Tests: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
