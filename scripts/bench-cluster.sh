#!/usr/bin/env bash
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Failover benchmark of the three-member cluster (scripts/cluster.sh) with the demo's sites: kills the member that
# owns the controller's singleton group with SIGKILL, again and again, and measures from each kill until
#   (a) a surviving member owns the group (odl-entity-owners, asked of a survivor),
#   (b) every device was read again by the new owner (each device's last-read after the kill),
#   (c) a cut of a link on bank-replication's path, injected through a survivor as soon as one takes the fault RPC
#       after the kill, has the service off that link (rerouted, or its policy's fallback);
# then restores the link, restarts the killed member and waits until it holds its replicas again. Prints each kill
# and the median and maximum of (a), (b) and (c), with the members' RSS.
#
#   scripts/bench-cluster.sh [--kills N] [--no-build]      (N: 10 by default)
#   QKD_CLUSTER_STABLE_AFTER=2s scripts/bench-cluster.sh    the same with a shorter split-brain resolver stable-after
#                                                           (see scripts/cluster.sh)
#
# Needs the ports of scripts/cluster.sh free on 127.0.0.1-3; starts the cluster afresh and stops it at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kills=10
build=()
while [ $# -gt 0 ]; do
    case "$1" in
        --kills) kills="$2"; shift 2 ;;
        --no-build) build=(--no-build); shift ;;
        -h|--help) sed -n '9,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench-cluster.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
[[ "$kills" =~ ^[1-9][0-9]*$ ]] || { echo "bench-cluster.sh: --kills takes a positive number" >&2; exit 2; }

# the members' credentials, which cluster.sh gives them at their first start and the bench uses
QKD_ADMIN_PASSWORD="${QKD_ADMIN_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}"
QKD_CONSOLE_PASSWORD="${QKD_CONSOLE_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}"
export QKD_ADMIN_PASSWORD QKD_CONSOLE_PASSWORD
scripts/cluster.sh start "${build[@]}" --fresh
trap 'scripts/cluster.sh stop' EXIT

KILLS="$kills" python3 - <<'PY'
import base64, functools, json, os, ssl, statistics, subprocess, sys, threading, time, urllib.error, urllib.request
from datetime import datetime, timezone

AUTH = "Basic " + base64.b64encode(("admin:" + os.environ["QKD_ADMIN_PASSWORD"]).encode()).decode()
GROUP = "org.opendaylight.qkd.controller"
SERVICE = "bank-replication"
TOPOLOGY = json.load(open("demo/metro-topology.json"))
# a link's label by its two nodes
LABELS = {frozenset((link["a"], link["b"])): link["id"] for link in TOPOLOGY["links"]}
DEVICES = len(TOPOLOGY["nodes"])


ROOT = os.environ.get("QKD_CLUSTER_DIR", "karaf-dist/target/cluster")


@functools.lru_cache(maxsize=None)
def tls(member):
    # the member's own HTTPS certificate, which its first start made (scripts/cluster.sh)
    return ssl.create_default_context(cafile=f"{ROOT}/member-{member}/etc/qkd-tls/controller.crt")


def call(member, method, path, body=None, timeout=2):
    request = urllib.request.Request(f"https://127.0.0.{member}:8443/rests/{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": AUTH, "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=tls(member)) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as e:
        return e.code, None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        return 0, None


def owner(member):
    status, body = call(member, "POST", "operations/odl-entity-owners:get-entity",
        {"input": {"type": "org.opendaylight.mdsal.ServiceEntityType", "name": GROUP}})
    name = (body or {}).get("odl-entity-owners:output", {}).get("owner-node") if status == 200 else None
    return int(name.rsplit("-", 1)[1]) if name else None


def service(member):
    status, body = call(member, "GET", f"data/qkd-key-service:key-services/key-service={SERVICE}?content=nonconfig")
    if status != 200:
        return None
    return body["qkd-key-service:key-service"][0].get("state", {})


def hops(state):
    paths = state.get("path", []) if state else []
    return paths[0]["hop"] if paths else []


def devices_read_after(member, instant):
    status, body = call(member, "GET", "data/qkd-devices:qkd-devices?content=nonconfig")
    if status != 200:
        return 0
    read = 0
    for device in body.get("qkd-devices:qkd-devices", {}).get("device", []):
        last = device.get("status", {}).get("last-read")
        if last and datetime.fromisoformat(last.replace("Z", "+00:00")) > instant:
            read += 1
    return read


def fault(member, label, kind):
    status, _ = call(member, "POST", "operations/qkd-emulator:inject-link-fault",
        {"input": {"link": label, "fault": kind}}, timeout=3)
    return status == 200


def wait(what, condition, timeout=300, poll=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(poll)
    sys.exit(f"bench-cluster: {what} not within {timeout} s")


def rss():
    out = subprocess.run(["scripts/cluster.sh", "status"], capture_output=True, text=True).stdout
    return [int(line.split("RSS ")[1].split(" ")[0]) for line in out.splitlines() if "RSS " in line]


wait("the demo's services placed on QKD", lambda: service(1) and service(1).get("mode") == "qkd" and hops(service(1)))
results = []
for kill in range(1, int(os.environ["KILLS"]) + 1):
    current = wait("an owner", lambda: owner(1) or owner(2) or owner(3))
    survivor = current % 3 + 1
    path = wait("a path", lambda: hops(service(survivor)))
    label = LABELS[frozenset(path[:2])]
    members_rss = rss()
    killed_at = datetime.now(timezone.utc)
    start = time.monotonic()
    subprocess.run(["scripts/cluster.sh", "kill", str(current)], check=True, capture_output=True)
    took = {}
    cut = []

    # each measurement in its own thread: a call that waits on the dead member (an RPC routed to it until the
    # cluster knows it is gone) must not hold up the others
    def measure(key, condition):
        while time.monotonic() - start < 300:
            if condition():
                took[key] = time.monotonic() - start
                return
            time.sleep(0.1)

    def injected_and_rerouted():
        if not cut:
            if not fault(survivor, label, "cut"):
                return False
            cut.append(time.monotonic() - start)
        state = service(survivor)
        return state is not None and (state.get("mode") != "qkd" or path[:2] != hops(state)[:2])

    new_owner = lambda: (owner(survivor) or current) != current
    threads = [threading.Thread(target=measure, args=args) for args in (("a", new_owner),
        ("b", lambda: devices_read_after(survivor, killed_at) == DEVICES and new_owner()),
        ("c", injected_and_rerouted))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cut = cut[0] if cut else None
    if len(took) < 3:
        sys.exit(f"bench-cluster: kill {kill}: only {sorted(took)} within 300 s")
    print(f"kill {kill}: member {current} (owner) killed, {label} cut {cut:.1f} s after: new owner {took['a']:.1f} s, "
        f"devices read again {took['b']:.1f} s, service off the cut link {took['c']:.1f} s; RSS {members_rss} MiB",
        flush=True)
    results.append(took | {"rss": members_rss})
    wait("the link restored", lambda: fault(survivor, label, "restore"), timeout=60, poll=1)
    subprocess.run(["scripts/cluster.sh", "start", "--no-build"], check=True, capture_output=True)
    wait("the service back on QKD", lambda: service(survivor) and service(survivor).get("mode") == "qkd")

print()
print("| from the kill to | median (s) | max (s) |")
print("|---|---:|---:|")
for key, name in (("a", "a new owner active"), ("b", "every device read again"),
        ("c", "a cut after the kill rerouted")):
    values = [r[key] for r in results]
    print(f"| {name} | {statistics.median(values):.1f} | {max(values):.1f} |")
all_rss = [value for r in results for value in r["rss"]]
print(f"\n{len(results)} kills; member RSS {min(all_rss)}-{max(all_rss)} MiB")
PY
