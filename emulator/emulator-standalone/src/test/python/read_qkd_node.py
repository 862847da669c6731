#!/usr/bin/env python3
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Reads an emulated QKD device's ETSI GS QKD 015 state with ncclient (Debian: python3-ncclient) and prints a JSON
# summary on stdout: the node's qkdn_id and qkdn_status and, per link, qkdl_id, qkdl_status, skr, eskr and, from
# qkd-device-ext, qber and key-pool-fill. Identities are printed in Clark notation, {namespace}NAME; qber as the
# decimal text the device sent.
#
#   read_qkd_node.py HOST PORT USER PASSWORD
#
# Exit status: 0 on success, 2 on wrong usage, 3 when ncclient is missing, 1 on any other error.
import json
import sys

ETSI_NODE = "urn:etsi:qkd:yang:etsi-qkd-node"
DEVICE_EXT = "urn:opendaylight:qkd:device-ext"
NS = {"n": ETSI_NODE, "x": DEVICE_EXT}
FILTER = '<qkd_node xmlns="%s"/>' % ETSI_NODE


def fail(status, message):
    print("read_qkd_node: " + message, file=sys.stderr)
    sys.exit(status)


def text(element, path):
    found = element.find(path, NS)
    if found is None or found.text is None:
        raise ValueError("missing %s in %s" % (path, element.tag))
    return found.text.strip()


def identity(element, path):
    """An identityref leaf in Clark notation, its prefix resolved against the element's namespaces."""
    found = element.find(path, NS)
    if found is None or found.text is None:
        raise ValueError("missing %s in %s" % (path, element.tag))
    value = found.text.strip()
    prefix, _, name = value.rpartition(":")
    namespace = found.nsmap.get(prefix or None)
    if namespace is None:
        raise ValueError("identity %r of %s has an unknown prefix" % (value, path))
    return "{%s}%s" % (namespace, name)


def summary(data):
    node = data.find("n:qkd_node", NS)
    if node is None:
        raise ValueError("the reply has no qkd_node")
    links = []
    for link in node.findall("n:qkd_links/n:qkd_link", NS):
        links.append({
            "qkdl_id": text(link, "n:qkdl_id"),
            "qkdl_status": identity(link, "n:qkdl_status"),
            "skr": int(text(link, "n:qkdl_performance/n:skr")),
            "eskr": int(text(link, "n:qkdl_performance/n:eskr")),
            "qber": text(link, "n:qkdl_performance/x:qber"),
            "key-pool-fill": int(text(link, "n:qkdl_performance/x:key-pool-fill")),
        })
    return {
        "qkdn_id": text(node, "n:qkdn_id"),
        "qkdn_status": identity(node, "n:qkdn_status"),
        "links": links,
    }


def main(argv):
    if len(argv) != 5:
        fail(2, "usage: read_qkd_node.py HOST PORT USER PASSWORD")
    host, port, user, password = argv[1], argv[2], argv[3], argv[4]
    try:
        port = int(port)
    except ValueError:
        fail(2, "port is not a number: %r" % port)
    try:
        from ncclient import manager
    except ImportError as e:
        fail(3, "ncclient is not available (Debian: apt-get install python3-ncclient): %s" % e)
    try:
        with manager.connect(host=host, port=port, username=user, password=password, hostkey_verify=False,
                             look_for_keys=False, allow_agent=False, timeout=30) as session:
            reply = session.get(filter=("subtree", FILTER))
            result = summary(reply.data_ele)
    except Exception as e:  # ncclient, paramiko and parsing errors alike: report them and fail
        fail(1, "cannot read qkd_node from %s:%d: %s: %s" % (host, port, type(e).__name__, e))
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
