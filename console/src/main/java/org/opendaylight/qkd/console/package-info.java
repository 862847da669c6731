/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Karaf console commands of the QKD suite, scope {@code qkd}: thin actions over {@link DeviceCatalog} and the
 * datastore.
 */
package org.opendaylight.qkd.console;
