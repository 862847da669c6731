# shellcheck shell=bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# The demo network for scripts/run.sh and scripts/cluster.sh (sourced from the repository root): its sites process
# and the initial configuration that has a controller manage it.

# The NETCONF password the sites and the controller share, made once, random, kept with the sites' keys in $1.
demo_password() {
    local sites="$1"
    mkdir -p "$sites"
    chmod 700 "$sites"
    if [ ! -s "$sites/node-password" ]; then
        (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$sites/node-password")
    fi
    cat "$sites/node-password"
}

# Writes the initial configuration of a distribution whose etc/ is $1: the demo's devices (with password $2),
# policies and services, or nothing when $2 is empty.
demo_config() {
    local etc="$1" password="$2"
    if [ -z "$password" ]; then
        printf 'files =\n' > "$etc/org.opendaylight.qkd.initial.cfg"
        return
    fi
    mkdir -p "$etc/qkd-demo"
    cp demo/metro-topology.json demo/policies.json demo/services.json "$etc/qkd-demo/"
    (umask 077; sed "s/@QKD_NODE_PASSWORD@/$password/" demo/devices.json > "$etc/qkd-demo/devices.json")
    printf 'files = etc/qkd-demo/devices.json, etc/qkd-demo/policies.json, etc/qkd-demo/services.json\n' \
        > "$etc/org.opendaylight.qkd.initial.cfg"
}

# Starts the demo's sites with their keys in $1 and their log in $2 (their metrics on port $DEMO_SITES_METRICS_PORT
# when it is set), in the background (in a session of their own
# when $3 is "detached", so that they outlive the calling script), and waits until they serve. Sets sites_pid.
demo_sites_start() {
    local sites="$1" log="$2" mode="${3:-}" password
    password="$(demo_password "$sites")"
    mkdir -p "$(dirname "$log")"
    if [ "$mode" = detached ]; then
        QKD_EMULATOR_PASSWORD="$password" setsid scripts/emulator.sh run demo/metro-topology.json --user qkd \
            --demo-pki --keys "$sites" ${DEMO_SITES_METRICS_PORT:+--metrics-port "$DEMO_SITES_METRICS_PORT"} > "$log" 2>&1 \
            < /dev/null &
    else
        QKD_EMULATOR_PASSWORD="$password" scripts/emulator.sh run demo/metro-topology.json --user qkd \
            --demo-pki --keys "$sites" ${DEMO_SITES_METRICS_PORT:+--metrics-port "$DEMO_SITES_METRICS_PORT"} > "$log" 2>&1 &
    fi
    sites_pid=$!
    until grep -q "QKD emulator ready" "$log" 2>/dev/null; do
        if ! kill -0 "$sites_pid" 2>/dev/null; then
            echo "the demo's sites did not start:" >&2
            cat "$log" >&2
            return 1
        fi
        sleep 0.2
    done
}

# Has the controller's first start install the HTTPS certificate the demo's PKI made for it (the sites process makes
# it with the PKI in $1/pki, for localhost and 127.0.0.1-3), unless $QKD_TLS_KEYSTORE already names one.
demo_controller_certificate() {
    local sites="$1"
    if [ -z "${QKD_TLS_KEYSTORE:-}" ]; then
        QKD_TLS_KEYSTORE="$sites/pki/controller.p12"
        # the demo PKI's PKCS#12 password (scripts/emulator.sh run --demo-pki, loopback only); the first start keeps
        # the certificate under a random password of its own
        QKD_TLS_KEYSTORE_PASSWORD=changeit
    fi
    export QKD_TLS_KEYSTORE QKD_TLS_KEYSTORE_PASSWORD
}
