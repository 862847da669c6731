/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Topology files of the standalone emulator: nodes, links and their physical parameters in JSON, read with the
 * line of every value so that each error names its line and field, and validated whole before anything starts.
 */
package org.opendaylight.qkd.emulator.topology;
