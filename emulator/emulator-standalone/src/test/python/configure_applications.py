#!/usr/bin/env python3
#
# Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
#
# This program and the accompanying materials are made available under the
# terms of the Eclipse Public License v1.0 which accompanies this distribution,
# and is available at http://www.eclipse.org/legal/epl-v10.html
#
# Configures an SD-QKD node with ncclient (Debian: python3-ncclient) as a controller would: edit-config of the
# qkd_node document in a file on the candidate datastore, then commit. Then reads the node back and writes two
# files: the qkd_node of <get-config> (configuration) and of <get> (state), as XML documents for yanglint.
#
#   configure_applications.py HOST PORT USER PASSWORD CONFIG.xml OUT-CONFIG.xml OUT-STATE.xml
#
# Exit status: 0 on success, 2 on wrong usage, 3 when ncclient is missing, 4 when the node refused the
# configuration (its rpc-error on stderr), 1 on any other error.
import sys

ETSI_NODE = "urn:etsi:qkd:yang:etsi-qkd-node"
FILTER = '<qkd_node xmlns="%s"/>' % ETSI_NODE


def fail(status, message):
    print("configure_applications: " + message, file=sys.stderr)
    sys.exit(status)


def node_of(reply, out):
    from lxml import etree
    node = reply.data_ele.find("{%s}qkd_node" % ETSI_NODE)
    if node is None:
        raise ValueError("the reply has no qkd_node")
    with open(out, "wb") as file:
        file.write(etree.tostring(node, pretty_print=True))


def main(argv):
    if len(argv) != 8:
        fail(2, "usage: configure_applications.py HOST PORT USER PASSWORD CONFIG.xml OUT-CONFIG.xml OUT-STATE.xml")
    try:
        from ncclient import manager
        from ncclient.operations.rpc import RPCError
    except ImportError as error:
        fail(3, "ncclient is not installed: %s" % error)
    host, port, user, password, config, out_config, out_state = argv[1:]
    with open(config, encoding="utf-8") as file:
        document = file.read()
    with manager.connect(host=host, port=int(port), username=user, password=password, hostkey_verify=False,
                         allow_agent=False, look_for_keys=False, timeout=30) as session:
        try:
            session.edit_config(target="candidate", config="<config>%s</config>" % document)
            session.commit()
        except RPCError as error:
            fail(4, "refused: %s" % error)
        node_of(session.get_config(source="running", filter=("subtree", FILTER)), out_config)
        node_of(session.get(filter=("subtree", FILTER)), out_state)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except SystemExit:
        raise
    except Exception as error:  # pylint: disable=broad-except
        fail(1, "%s: %s" % (type(error).__name__, error))
