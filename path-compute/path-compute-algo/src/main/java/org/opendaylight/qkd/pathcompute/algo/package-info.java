/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Path computation over the QKD key graph, free of any datastore: nodes (trusted relays or not, operator,
 * jurisdiction), links with spare secret key rate and QBER, reservations, and constrained path searches that say
 * which constraint stood in the way when there is no path.
 */
package org.opendaylight.qkd.pathcompute.algo;
