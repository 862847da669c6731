/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * Physics of emulated QKD links: the asymptotic decoy-state BB84 key rate over fiber (Lo, Ma, Chen, PRL 94,
 * 230504 (2005); Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005)), with detector saturation and intercept-resend
 * eavesdropping. Pure functions of {@link org.opendaylight.qkd.emulator.physics.LinkPhysics}.
 */
package org.opendaylight.qkd.emulator.physics;
