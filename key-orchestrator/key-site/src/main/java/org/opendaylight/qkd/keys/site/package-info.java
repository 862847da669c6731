/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The key manager of one site: its SAEs' keys in {@link org.opendaylight.qkd.keys.site.EncryptedKeyStore}, a
 * persistent store sealed with AES-GCM under the site's key-encryption key, and the keys of the services the site
 * takes part in.
 */
package org.opendaylight.qkd.keys.site;
