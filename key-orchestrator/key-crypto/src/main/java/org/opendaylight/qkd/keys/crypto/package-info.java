/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The cryptography of delivered keys beside QKD: ML-KEM (FIPS 203) and the key derivation that mixes a QKD key
 * with an ML-KEM shared secret (hybrid) or uses the secret alone (PQC fallback).
 */
package org.opendaylight.qkd.keys.crypto;
