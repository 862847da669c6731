/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
/**
 * The key-rate models of QKD links over fiber, pure functions of
 * {@link org.opendaylight.qkd.emulator.physics.LinkPhysics} and a
 * {@link org.opendaylight.qkd.emulator.physics.QkdProtocol}: decoy-state BB84 asymptotic (Lo, Ma, Chen, PRL 94,
 * 230504 (2005); Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005)) and finite-key (Lim et al. 2014), CV-QKD GG02, MDI-QKD and
 * twin-field QKD, with detector saturation, afterpulses and intercept-resend eavesdropping, and the repeaterless
 * bound. What emulated links run, and what the controller plans links with
 * ({@link org.opendaylight.qkd.emulator.physics.PlannedLink}); no key material.
 */
package org.opendaylight.qkd.emulator.physics;
