/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The ETSI GS QKD 014 V1.1.1 northbound of the key managers: {@code status}, {@code enc_keys} and {@code dec_keys}
 * over HTTPS with mutual TLS, the caller's SAE ID taken from its client certificate. Also the demo PKI (a CA, the
 * server's certificate and the SAEs' client certificates, made with Bouncy Castle) and the loading of production
 * key stores.
 */
package org.opendaylight.qkd.keys.etsi014;
