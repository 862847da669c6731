/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * The maximum of a rate over one parameter (a signal intensity, a modulation variance): a grid finds the best
 * cell, Brent's method (Apache Commons Math) refines it within its two neighbours. The rates here are unimodal
 * in the parameter but may be flat (no key) over much of the range, which the grid steps over.
 */
final class Maximizer {
    private static final int MAX_EVALUATIONS = 200;

    private Maximizer() {
        // static functions only
    }

    /**
     * The parameter maximizing a function.
     *
     * @param function the function
     * @param low the lowest value tried
     * @param high the highest value tried
     * @param step the grid's step
     * @return the best parameter found, in [low, high]
     */
    static double argmax(final DoubleUnaryOperator function, final double low, final double high,
            final double step) {
        double best = low;
        double bestValue = Double.NEGATIVE_INFINITY;
        final int steps = (int) Math.floor((high - low) / step + 1e-9);
        for (int i = 0; i <= steps; i++) {
            final double at = low + i * step;
            final double value = function.applyAsDouble(at);
            if (value > bestValue) {
                bestValue = value;
                best = at;
            }
        }
        final double from = Math.max(low, best - step);
        final double to = Math.min(high, best + step);
        if (!(to > from)) {
            return best;
        }
        final var refined = new BrentOptimizer(1e-10, 1e-14).optimize(new MaxEval(MAX_EVALUATIONS),
            new UnivariateObjectiveFunction(function::applyAsDouble), GoalType.MAXIMIZE,
            new SearchInterval(from, to, best));
        return refined.getValue() >= bestValue ? refined.getPoint() : best;
    }
}
