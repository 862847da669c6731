/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.plane;

/**
 * The ETSI GS QKD 014 Status of an SAE pair, as the master's KME sees it.
 *
 * @param sourceKme the master SAE's KME (its node)
 * @param targetKme the slave SAE's KME (its node)
 * @param masterSae the master SAE
 * @param slaveSae the slave SAE
 * @param keySize default key size, bits
 * @param storedKeyCount keys ready for the master
 * @param maxKeyCount most keys the KMEs hold for the pair
 * @param maxKeyPerRequest most keys one request may ask for
 * @param maxKeySize largest key size, bits
 * @param minKeySize smallest key size, bits
 * @param maxSaeIdCount most additional slave SAEs a request may name
 */
public record KeyStatus(String sourceKme, String targetKme, String masterSae, String slaveSae, int keySize,
        int storedKeyCount, int maxKeyCount, int maxKeyPerRequest, int maxKeySize, int minKeySize,
        int maxSaeIdCount) {
}
