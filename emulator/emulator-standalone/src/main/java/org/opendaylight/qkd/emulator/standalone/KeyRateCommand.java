/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opendaylight.qkd.emulator.physics.CvQkd;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol.FiniteKey;
import org.opendaylight.qkd.emulator.physics.KeyRateModel;
import org.opendaylight.qkd.emulator.physics.KeyRateResult;
import org.opendaylight.qkd.emulator.physics.LinkParameters;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.emulator.physics.MdiQkd;
import org.opendaylight.qkd.emulator.physics.PlannedLink;
import org.opendaylight.qkd.emulator.physics.QkdProtocol;
import org.opendaylight.qkd.emulator.physics.TwinFieldQkd;

/**
 * {@code keyrate}: a protocol's key-rate model as a table over fiber lengths, for planning links.
 */
final class KeyRateCommand {
    private static final String USAGE = """
        usage: qkd-emulator keyrate [options]
          --protocol bb84|cv-gg02|mdi|tf  decoy-state BB84 (default), continuous-variable QKD (GG02,
                                          homodyne, reverse reconciliation), measurement-device-
                                          independent QKD (decoy states, untrusted middle station) or
                                          twin-field QKD (sending or not sending, untrusted middle
                                          station half way; its QBER is the X windows' error, the
                                          single-photon interference error)
          --middle-position X             mdi: the middle station's share of the span (default 0.5)
          --preset metro|gys|cv-metro     starting parameter set (default metro; cv-metro for cv-gg02)
          --decoy vacuum-weak|infinite|finite
                                          decoy protocol (default vacuum-weak); finite: three intensities
                                          and finite blocks (Lim et al. 2014), intensities chosen per row
          --nu X                          weak decoy intensity (vacuum-weak, default 0.1)
          --block-size N                  finite: X-basis detections per block n_X (default 1e8)
          --epsilon-sec X                 finite: secrecy parameter (default 1e-10)
          --epsilon-cor X                 finite: correctness parameter (default 1e-15)
          --from KM --to KM --step KM     distances (default 0 to 150 by 10)
          --attenuation-db-per-km X       fiber attenuation
          --extra-loss-db X               insertion loss besides the fiber
          --bob-transmittance X           transmittance of Bob's optics
          --detector-efficiency X         detector efficiency
          --dark-count-probability X      dark count probability per gate (Y0)
          --misalignment-error X          misalignment error e_d
          --error-correction-efficiency X error correction efficiency f
          --sifting-factor X              sifting factor q
          --mu X                          signal intensity (default: optimal at each distance)
          --source-rate-hz X              source pulse rate
          --detector-dead-time-s X        detector dead time
          --afterpulse-probability X      afterpulse probability per click
          --qber-abort-threshold X        abort threshold
          --eavesdrop X                   fraction of pulses under intercept-resend attack
        cv-gg02 (the detector efficiency and Bob's transmittance make the homodyne efficiency, the source
        rate is the symbol rate):
          --excess-noise X                excess noise at the channel's input, shot-noise units
          --electronic-noise X            homodyne electronic noise, shot-noise units
          --reconciliation-efficiency X   beta
          --modulation-variance X         V_A, shot-noise units (default: optimal at each distance)
          --excess-noise-abort X          abort threshold on the excess noise
        The parameter names are those of topology files.
        """;

    // beyond this, a CV link's reach is not told: the asymptotic model's rate only falls with the loss there
    private static final int CV_PLANNING_KM = 1_000;
    // the flags that name a link's parameter: the topology files' names, and the weak decoy's intensity
    private static final Map<String, String> PARAMETERS = flags();

    private static Map<String, String> flags() {
        final var flags = new HashMap<String, String>();
        LinkParameters.BY_NAME.keySet().forEach(name -> flags.put("--" + name, name));
        LinkParameters.CV_NAMES.forEach(name -> flags.put("--" + name, name));
        flags.put("--" + PlannedLink.MIDDLE_POSITION, PlannedLink.MIDDLE_POSITION);
        PlannedLink.FINITE_PARAMETERS.forEach(name -> flags.put("--" + name, name));
        flags.put("--nu", PlannedLink.DECOY_INTENSITY);
        return Map.copyOf(flags);
    }

    // the usage text, kept in this class alone
    static String usage() {
        return USAGE;
    }

    private KeyRateCommand() {
        // static functions only
    }

    static void run(final List<String> args, final PrintStream out) throws UsageException {
        String protocolName = null;
        String preset = null;
        String decoy = null;
        double eavesdrop = 0;
        double from = 0;
        double to = 150;
        double step = 10;
        final var parameters = new HashMap<String, Double>();
        for (int i = 0; i < args.size(); i += 2) {
            final var flag = args.get(i);
            if (i + 1 >= args.size()) {
                throw new UsageException("missing value after " + flag);
            }
            final var value = args.get(i + 1);
            switch (flag) {
                case "--protocol" -> protocolName = value;
                case "--preset" -> preset = value;
                case "--decoy" -> decoy = value;
                case "--eavesdrop" -> eavesdrop = number(flag, value);
                case "--from" -> from = number(flag, value);
                case "--to" -> to = number(flag, value);
                case "--step" -> step = number(flag, value);
                default -> {
                    final var name = PARAMETERS.get(flag);
                    if (name == null) {
                        throw new UsageException("unknown option " + flag);
                    }
                    parameters.put(name, number(flag, value));
                }
            }
        }
        final PlannedLink plan;
        final LinkPhysics base;
        try {
            // the protocol, the preset and each parameter checked as a topology file's link is
            plan = PlannedLink.of(preset, protocolName, decoy, from, parameters);
            base = plan.physics().toBuilder().eavesdropFraction(eavesdrop).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        if (!(step > 0) || !(to >= from) || (to - from) / step > 10_000) {
            throw new UsageException("distances must satisfy 0 <= from <= to and step > 0, with at most 10000 rows");
        }
        final var presetName = preset != null ? preset : LinkParameters.defaultPreset(protocolName);
        if (plan.protocol() instanceof CvQkd gg02) {
            printContinuous(out, presetName, gg02, base, from, to, step);
        } else {
            print(out, presetName, plan.protocol(), base, from, to, step);
        }
    }

    private static void printContinuous(final PrintStream out, final String preset, final CvQkd protocol,
            final LinkPhysics base, final double from, final double to, final double step) {
        out.printf(Locale.ROOT, "CV-QKD key rate: preset %s, %s%n", preset, protocol);
        out.printf(Locale.ROOT, "attenuation %.3f dB/km, extra loss %.2f dB, homodyne efficiency %.4g (optics %.3g x "
            + "detector %.3g), %.4g symbols/s, abort above excess noise %.3g%s%n", base.attenuationDbPerKm(),
            base.extraLossDb(), base.bobTransmittance() * base.detectorEfficiency(), base.bobTransmittance(),
            base.detectorEfficiency(), base.sourceRateHz(), protocol.excessNoiseAbortThreshold(),
            base.eavesdropFraction() > 0 ? ", eavesdropper on " + base.eavesdropFraction() + " of symbols" : "");
        out.printf(Locale.ROOT, "%8s %8s %8s %9s %11s %11s %11s %12s %12s  %s%n", "km", "loss dB", "V_A", "xi SNU",
            "I_AB", "chi_BE", "K /symbol", "key bit/s", "PLOB bit/s", "status");
        final int rows = (int) Math.floor((to - from) / step + 1e-9);
        for (int i = 0; i <= rows; i++) {
            final double km = from + i * step;
            final var link = base.toBuilder().fiberLengthKm(km).build();
            final var result = KeyRateModel.evaluate(link, protocol);
            out.printf(Locale.ROOT, "%8.1f %8.2f %8.3f %9.4f %11.4e %11.4e %11.4e %12.4e %12.4e  %s%n", km,
                link.channelLossDb(), result.mu(), result.excessNoise(), result.singlePhotonGain(),
                result.singlePhotonError(), result.keyRatePerPulse(), result.secretKeyRateBps(),
                KeyRateModel.repeaterlessBound(link) * link.sourceRateHz(), status(result));
        }
        final double reach = KeyRateModel.maxDistanceKm(base, protocol);
        out.printf(Locale.ROOT, "maximum distance: %s%n", reach > CV_PLANNING_KM ? "none within "
            + CV_PLANNING_KM + " km (the asymptotic model keeps a rate that falls with the loss; the finite-size "
            + "effects that end it are not modelled)" : String.format(Locale.ROOT, "%.1f km", reach));
    }

    private static String status(final KeyRateResult result) {
        return result.aborted() ? "no key (" + result.abort().name().toLowerCase(Locale.ROOT) + ")" : "ok";
    }

    private static void print(final PrintStream out, final String preset, final QkdProtocol protocol,
            final LinkPhysics base, final double from, final double to, final double step) {
        out.printf(Locale.ROOT, "%s key rate: preset %s, %s%n", switch (protocol) {
            case MdiQkd mdi -> "MDI-QKD";
            case TwinFieldQkd tf -> "Twin-field QKD";
            default -> "Decoy-state BB84";
        }, preset, protocol);
        out.printf(Locale.ROOT, "attenuation %.3f dB/km, extra loss %.2f dB, eta_Bob %.4g (optics %.3g x detector "
            + "%.3g), Y0 %.3g, e_d %.4g, f %.3g, q %s, clock %.4g Hz, dead time %.3g s, abort above QBER %.3g%s%n",
            base.attenuationDbPerKm(), base.extraLossDb(), base.bobTransmittance() * base.detectorEfficiency(),
            base.bobTransmittance(), base.detectorEfficiency(), base.darkCountProbability(), base.misalignmentError(),
            base.errorCorrectionEfficiency(), protocol instanceof FiniteKey ? "(the basis choice, per row)"
                : String.format(Locale.ROOT, "%.3g", base.siftingFactor()), base.sourceRateHz(),
            base.detectorDeadTimeSeconds(), base.qberAbortThreshold(),
            base.eavesdropFraction() > 0 ? ", eavesdropper on " + base.eavesdropFraction() + " of pulses" : "");
        final boolean blocks = protocol instanceof FiniteKey;
        out.printf(Locale.ROOT, "%8s %8s %7s %11s %8s %11s %12s %12s" + (blocks ? " %12s %10s" : "%s%s") + "  %s%n",
            "km", "loss dB", "mu", "gain Q_mu", "QBER %", "R /pulse", "key bit/s", "PLOB bit/s",
            blocks ? "block bits" : "", blocks ? "block s" : "", "status");
        final int rows = (int) Math.floor((to - from) / step + 1e-9);
        for (int i = 0; i <= rows; i++) {
            final double km = from + i * step;
            final var link = base.toBuilder().fiberLengthKm(km).build();
            final var result = KeyRateModel.evaluate(link, protocol);
            final String block;
            if (!blocks) {
                block = "";
            } else if (result.aborted()) {
                block = String.format(Locale.ROOT, " %12s %10s", "-", "-");
            } else {
                block = String.format(Locale.ROOT, " %12.4e %10.4g", result.blockKeyBits(),
                    result.blockKeyBits() / result.secretKeyRateBps());
            }
            out.printf(Locale.ROOT, "%8.1f %8.2f %7.4f %11.4e %8.3f %11.4e %12.4e %12.4e%s  %s%n", km,
                link.channelLossDb(), result.mu(), result.gain(), 100 * result.qber(), result.keyRatePerPulse(),
                result.secretKeyRateBps(), KeyRateModel.repeaterlessBound(link) * link.sourceRateHz(), block,
                status(result));
        }
        out.printf(Locale.ROOT, "maximum distance: %.1f km%n", KeyRateModel.maxDistanceKm(base, protocol));
    }

    private static double number(final String flag, final String value) throws UsageException {
        try {
            final double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a number, got '" + value + "'", e);
        }
        throw new UsageException(flag + " needs a finite number, got '" + value + "'");
    }
}
