/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * ETSI GS QKD 020 V1.1.1 between key management entities (KMEs): the messages and their strict JSON form, an HTTPS
 * server and client (TLS 1.3, mutual authentication, the peer is the KME its certificate names), RFC 9457 problem
 * details, and {@link org.opendaylight.qkd.keys.etsi020.RelayKme}, the relay of a site's KME: keys one-time-padded
 * with link keys hop by hop between this suite's KMEs, plain 020 with another vendor's KMS.
 */
package org.opendaylight.qkd.keys.etsi020;
