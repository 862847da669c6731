/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Loads RFC 7951 JSON documents into the configuration datastore when the controller starts, where nothing is
 * configured yet: the demo network of {@code scripts/run.sh}, or an operator's initial configuration.
 */
package org.opendaylight.qkd.initial;
