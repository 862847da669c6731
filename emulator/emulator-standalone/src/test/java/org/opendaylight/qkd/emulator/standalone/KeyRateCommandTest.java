/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendaylight.qkd.emulator.physics.CvQkd;
import org.opendaylight.qkd.emulator.physics.DecoyProtocol;
import org.opendaylight.qkd.emulator.physics.KeyRateModel;
import org.opendaylight.qkd.emulator.physics.LinkPhysics;
import org.opendaylight.qkd.emulator.physics.MdiQkd;
import org.opendaylight.qkd.emulator.physics.TwinFieldQkd;

/**
 * The {@code keyrate} table matches the model row by row; bad options are refused with status 2.
 */
class KeyRateCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void gysTableMatchesTheModel() {
        assertEquals(0, run("keyrate", "--preset", "gys", "--decoy", "infinite", "--to", "150", "--step", "10"),
            () -> err.toString(StandardCharsets.UTF_8));
        final var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        final var rows = lines.stream().filter(line -> line.matches("\\s+\\d+\\.\\d .*")).toList();
        assertEquals(16, rows.size(), () -> String.join("\n", lines));
        for (var row : rows) {
            final var cells = row.trim().split("\\s+");
            final double km = Double.parseDouble(cells[0]);
            final var expected = KeyRateModel.evaluate(LinkPhysics.gys(km), DecoyProtocol.INFINITE);
            assertEquals(expected.keyRatePerPulse(), Double.parseDouble(cells[5]),
                Math.abs(expected.keyRatePerPulse()) * 1e-4, row);
            assertEquals(expected.secretKeyRateBps(), Double.parseDouble(cells[6]),
                expected.secretKeyRateBps() * 1e-4, row);
            assertEquals(expected.aborted(), row.contains("no key"), row);
            final var link = LinkPhysics.gys(km);
            assertEquals(KeyRateModel.repeaterlessBound(link) * link.sourceRateHz(), Double.parseDouble(cells[7]),
                KeyRateModel.repeaterlessBound(link) * link.sourceRateHz() * 1e-4, row);
        }
        assertTrue(rows.get(0).endsWith("ok"));
        assertTrue(rows.get(15).contains("no key (no_secret_key)"), rows.get(15));
        final var last = lines.get(lines.size() - 1);
        assertTrue(last.matches("maximum distance: 14[12]\\.\\d km"), last);
    }

    @Test
    void finiteBlocksShowTheirKeyAndTime() {
        assertEquals(0, run("keyrate", "--decoy", "finite", "--block-size", "1e6", "--to", "200", "--step", "50"),
            () -> err.toString(StandardCharsets.UTF_8));
        final var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).contains("n_X=1.00e+06"), lines.get(0));
        final var rows = lines.stream().filter(line -> line.matches("\\s+\\d+\\.\\d .*")).toList();
        assertEquals(5, rows.size(), () -> String.join("\n", lines));
        final var protocol = DecoyProtocol.finiteKey(1e6, 1e-10, 1e-15);
        for (var row : rows) {
            final var cells = row.trim().split("\\s+");
            final var expected = KeyRateModel.evaluate(LinkPhysics.metro(Double.parseDouble(cells[0])), protocol);
            assertEquals(expected.secretKeyRateBps(), Double.parseDouble(cells[6]),
                expected.secretKeyRateBps() * 1e-4, row);
            if (expected.aborted()) {
                assertEquals("-", cells[8], row);
            } else {
                assertEquals(expected.blockKeyBits(), Double.parseDouble(cells[8]), expected.blockKeyBits() * 1e-4,
                    row);
                assertEquals(expected.blockKeyBits() / expected.secretKeyRateBps(), Double.parseDouble(cells[9]),
                    expected.blockKeyBits() / expected.secretKeyRateBps() * 1e-3, row);
            }
        }
        assertTrue(rows.get(0).endsWith("ok") && rows.get(4).contains("no key"), () -> String.join("\n", rows));
    }

    @Test
    void continuousVariableTableMatchesItsModel() {
        assertEquals(0, run("keyrate", "--protocol", "cv-gg02", "--excess-noise", "0.05", "--to", "200", "--step",
            "50"), () -> err.toString(StandardCharsets.UTF_8));
        final var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("CV-QKD key rate: preset cv-metro"), lines.get(0));
        final var rows = lines.stream().filter(line -> line.matches("\\s+\\d+\\.\\d .*")).toList();
        assertEquals(5, rows.size(), () -> String.join("\n", lines));
        final var protocol = new CvQkd(0.05, CvQkd.DEFAULT_ELECTRONIC_NOISE, CvQkd.DEFAULT_RECONCILIATION_EFFICIENCY,
            Double.NaN, CvQkd.DEFAULT_EXCESS_NOISE_ABORT_THRESHOLD);
        for (var row : rows) {
            final var cells = row.trim().split("\\s+");
            final var expected = KeyRateModel.evaluate(LinkPhysics.cvMetro(Double.parseDouble(cells[0])), protocol);
            assertEquals(expected.keyRatePerPulse(), Double.parseDouble(cells[6]),
                Math.abs(expected.keyRatePerPulse()) * 1e-4, row);
            assertEquals(expected.secretKeyRateBps(), Double.parseDouble(cells[7]),
                expected.secretKeyRateBps() * 1e-4, row);
        }
        assertTrue(rows.get(0).endsWith("ok") && rows.get(4).contains("no key (no_secret_key)"),
            () -> String.join("\n", rows));
        assertTrue(lines.get(lines.size() - 1).matches("maximum distance: 1\\d\\d\\.\\d km"),
            lines.get(lines.size() - 1));
    }

    @Test
    void mdiTableMatchesItsModel() {
        assertEquals(0, run("keyrate", "--protocol", "mdi", "--middle-position", "0.4", "--to", "200", "--step",
            "50"), () -> err.toString(StandardCharsets.UTF_8));
        final var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("MDI-QKD key rate: preset metro"), lines.get(0));
        final var rows = lines.stream().filter(line -> line.matches("\\s+\\d+\\.\\d .*")).toList();
        assertEquals(5, rows.size(), () -> String.join("\n", lines));
        for (var row : rows) {
            final var cells = row.trim().split("\\s+");
            final var expected = KeyRateModel.evaluate(LinkPhysics.metro(Double.parseDouble(cells[0])),
                new MdiQkd(0.4));
            assertEquals(expected.secretKeyRateBps(), Double.parseDouble(cells[6]),
                expected.secretKeyRateBps() * 1e-4, row);
            assertEquals(expected.aborted(), row.contains("no key"), row);
        }
    }

    @Test
    void twinFieldTableShowsTheInterferenceErrorAndBeatsTheRepeaterlessBoundFarAway() {
        assertEquals(0, run("keyrate", "--protocol", "tf", "--detector-efficiency", "0.8", "--bob-transmittance", "1",
            "--dark-count-probability", "2e-11", "--from", "100", "--to", "400", "--step", "100"),
            () -> err.toString(StandardCharsets.UTF_8));
        final var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("Twin-field QKD key rate: preset metro"), lines.get(0));
        final var rows = lines.stream().filter(line -> line.matches("\\s+\\d+\\.\\d .*")).toList();
        assertEquals(4, rows.size(), () -> String.join("\n", lines));
        final var base = LinkPhysics.metro(0).toBuilder().detectorEfficiency(0.8).bobTransmittance(1)
            .darkCountProbability(2e-11);
        for (var row : rows) {
            final var cells = row.trim().split("\\s+");
            final var expected = KeyRateModel.evaluate(base.fiberLengthKm(Double.parseDouble(cells[0])).build(),
                TwinFieldQkd.SENDING_OR_NOT_SENDING);
            // the QBER: the X windows' error, the metro preset's 1 % misalignment and a little of the dark counts
            assertEquals(100 * expected.singlePhotonError(), Double.parseDouble(cells[4]), 1e-3, row);
            assertTrue(expected.qber() > 0.01 && expected.qber() < 0.011, row);
            assertEquals(expected.secretKeyRateBps(), Double.parseDouble(cells[6]),
                expected.secretKeyRateBps() * 1e-4, row);
        }
        // 400 km: above the PLOB column
        final var far = rows.getLast().trim().split("\\s+");
        assertTrue(Double.parseDouble(far[6]) > Double.parseDouble(far[7]), rows.getLast());
    }

    @Test
    void overridesApply() {
        assertEquals(0, run("keyrate", "--from", "20", "--to", "20", "--extra-loss-db", "3", "--eavesdrop", "0.05"));
        final var text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("extra loss 3.00 dB"), text);
        assertTrue(text.contains("eavesdropper on 0.05 of pulses"), text);
        final var expected = KeyRateModel.evaluate(LinkPhysics.metro(20).toBuilder().extraLossDb(3)
            .eavesdropFraction(0.05).build(), DecoyProtocol.vacuumWeak(0.1));
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "%.4e", expected.secretKeyRateBps())), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "keyrate --preset lab | unknown preset 'lab'",
        "keyrate --decoy many | unknown decoy method 'many'",
        "keyrate --misalignment-error 0.9 | misalignment-error: misalignment error must be in",
        "keyrate --attenuation-db-per-km fast | --attenuation-db-per-km needs a number",
        "keyrate --wavelength 1550 | unknown option --wavelength",
        "keyrate --to | missing value after --to",
        "keyrate --from 50 --to 10 | distances must satisfy",
        "keyrate --nu 0 | decoy intensity nu must be in",
        "keyrate --decoy finite --block-size 10 | block size n_X must be in",
        "keyrate --protocol e91 | unknown protocol 'e91'",
        "keyrate --middle-position 0.3 | only an mdi link has a middle-position",
        "keyrate --protocol tf --decoy finite | a decoy method applies to bb84 only",
        "keyrate --protocol mdi --middle-position 0 | position must be in",
        "keyrate --excess-noise 0.1 | only a cv-gg02 link has excess-noise",
        "keyrate --protocol cv-gg02 --reconciliation-efficiency 2 | reconciliation efficiency beta must be in",
        "beam | unknown command beam"
    })
    void badCommandLinesExitWithStatusTwo(final String line, final String message) {
        assertEquals(2, run(line.split(" ")));
        final var text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(message), text);
        assertTrue(text.contains("usage: qkd-emulator"), text);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndNoArguments() {
        assertEquals(0, run("keyrate", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--detector-dead-time-s"));
        assertEquals(2, run());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("commands:"));
    }
}
