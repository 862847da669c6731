/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * JMH benchmarks of the path searches and of demand placement on random geometric graphs, beside JGraphT's
 * Dijkstra and A* on the same graphs ({@code scripts/bench-path-compute.sh}).
 */
package org.opendaylight.qkd.pathcompute.benchmark;
