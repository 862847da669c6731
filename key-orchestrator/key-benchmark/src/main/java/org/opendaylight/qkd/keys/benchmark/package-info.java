/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Benchmark of ETSI GS QKD 014 key delivery: keys per second and latency of {@code enc_keys} + {@code dec_keys}
 * pairs over mutual TLS with keep-alive, against a baseline endpoint of the same HTTPS server stack.
 */
package org.opendaylight.qkd.keys.benchmark;
