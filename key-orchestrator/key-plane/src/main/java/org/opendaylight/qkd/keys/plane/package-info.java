/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The key plane: per-node key managers (KMEs) that relay end-to-end keys hop by hop by one-time pad over link keys
 * drawn from the QKD devices' key pools, mix them with ML-KEM (hybrid) or replace them by ML-KEM (PQC fallback),
 * and keep them in the endpoint key stores until the secure application entities (SAEs) fetch them under the rules
 * of ETSI GS QKD 014. Key bytes live only here; what leaves this package for management is IDs, counts and states.
 */
package org.opendaylight.qkd.keys.plane;
