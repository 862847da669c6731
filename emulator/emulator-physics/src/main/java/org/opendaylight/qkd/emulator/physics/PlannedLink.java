/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.physics;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A link as planning describes it, in the vocabulary of topology files: a preset, a protocol (and for BB84 its
 * decoy method), a fiber length and the parameters that differ from the preset's; its key rate is the one an
 * emulated link of the same description would make and its devices would report (after the share of the key
 * that authenticates their classical channel).
 *
 * @param physics the link's physical parameters
 * @param protocol its protocol
 * @param authenticationOverhead share of the secret key its devices spend authenticating, in [0, 1)
 */
public record PlannedLink(LinkPhysics physics, QkdProtocol protocol, double authenticationOverhead) {
    /** The share of the secret key devices spend authenticating their classical channel when none is given. */
    public static final double DEFAULT_AUTHENTICATION_OVERHEAD = 0.01;
    /** The protocols by name. */
    public static final List<String> PROTOCOLS = List.of("bb84", "cv-gg02", "mdi", "tf");
    /** BB84's decoy methods by name. */
    public static final List<String> DECOYS = List.of("vacuum-weak", "infinite", "finite");

    /** MDI's parameter: the middle station's share of the span. */
    public static final String MIDDLE_POSITION = "middle-position";
    /** BB84's with the vacuum-weak decoy: the weak decoy's intensity. */
    public static final String DECOY_INTENSITY = "decoy-intensity";
    /** BB84's with the finite decoy: the block size and the two security parameters. */
    public static final List<String> FINITE_PARAMETERS = List.of("block-size", "epsilon-sec", "epsilon-cor");

    private static final String OVERHEAD = "authentication-overhead";
    /**
     * Every parameter a link may take, with one protocol or another: those of {@link #parameters(String, String)}
     * for any protocol and decoy method.
     */
    public static final Set<String> PARAMETERS = parametersOfAnyProtocol();

    /**
     * Validates the description.
     *
     * @throws IllegalArgumentException when the overhead is out of range
     */
    public PlannedLink {
        requireNonNull(physics);
        requireNonNull(protocol);
        if (!(authenticationOverhead >= 0 && authenticationOverhead < 1)) {
            throw new IllegalArgumentException("authentication-overhead must be in [0, 1), was "
                + authenticationOverhead);
        }
    }

    /**
     * A description refused, naming the field at fault, so that a topology file can point at it: its message is
     * {@code field: reason}, or the reason alone for a choice (preset, protocol, decoy) or for a parameter that does
     * not apply.
     */
    public static final class InvalidField extends IllegalArgumentException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        private final String field;
        private final String reason;

        InvalidField(final String field, final String reason, final boolean named, final Throwable cause) {
            super(named ? field + ": " + reason : reason, cause);
            this.field = field;
            this.reason = reason;
        }

        /**
         * The field at fault.
         *
         * @return {@code preset}, {@code protocol}, {@code decoy}, {@code fiber-length-km}, a parameter's name, or
         *         {@code parameters} for the parameters together
         */
        public String field() {
            return field;
        }

        /**
         * Why it is refused, without the field's name.
         *
         * @return the reason
         */
        public String reason() {
            return reason;
        }
    }

    /**
     * The parameters a link takes with a protocol and, for BB84, a decoy method: the physical ones
     * ({@link LinkParameters#BY_NAME}), {@code authentication-overhead}, and the protocol's own:
     * {@code decoy-intensity} (vacuum-weak), {@code block-size}, {@code epsilon-sec}, {@code epsilon-cor} (finite),
     * {@code middle-position} (mdi), {@link LinkParameters#CV_NAMES} (cv-gg02); tf has none of its own.
     *
     * @param protocol a name of {@link #PROTOCOLS}, null for bb84
     * @param decoy a name of {@link #DECOYS}, null for vacuum-weak; BB84 only
     * @return the names, sorted
     * @throws InvalidField when the protocol or the decoy method is unknown, or a decoy method is given to another
     *         protocol than bb84
     */
    public static Set<String> parameters(final String protocol, final String decoy) {
        final var protocolName = protocol == null ? "bb84" : protocol;
        if (!PROTOCOLS.contains(protocolName)) {
            throw new InvalidField("protocol", "unknown protocol '" + protocolName + "' (use "
                + String.join(", ", PROTOCOLS) + ")", false, null);
        }
        if (decoy != null && !"bb84".equals(protocolName)) {
            throw new InvalidField("decoy", "a decoy method applies to bb84 only, not to " + protocolName, false, null);
        }
        final var decoyName = decoy == null ? "vacuum-weak" : decoy;
        if (!DECOYS.contains(decoyName)) {
            throw new InvalidField("decoy", "unknown decoy method '" + decoyName + "' (use "
                + String.join(", ", DECOYS) + ")", false, null);
        }
        final Set<String> own = new TreeSet<>(LinkParameters.BY_NAME.keySet());
        own.add(OVERHEAD);
        switch (protocolName) {
            case "cv-gg02" -> own.addAll(LinkParameters.CV_NAMES);
            case "mdi" -> own.add(MIDDLE_POSITION);
            case "tf" -> {
                // the middle station half way, the sending probability and intensity chosen by the model
            }
            default -> {
                switch (decoyName) {
                    case "vacuum-weak" -> own.add(DECOY_INTENSITY);
                    case "finite" -> own.addAll(FINITE_PARAMETERS);
                    default -> {
                        // the infinite decoy has no parameter
                    }
                }
            }
        }
        return own;
    }

    /**
     * Why a parameter does not apply to a link of a protocol and, for BB84, a decoy method.
     *
     * @param protocol a name of {@link #PROTOCOLS}, null for bb84
     * @param decoy a name of {@link #DECOYS}, null for vacuum-weak; BB84 only
     * @param parameter the parameter's name
     * @return the reason, or null when it applies (or is not a parameter of any protocol)
     * @throws InvalidField as {@link #parameters(String, String)}
     */
    public static String misplaced(final String protocol, final String decoy, final String parameter) {
        final var own = parameters(protocol, decoy);
        final var protocolName = protocol == null ? "bb84" : protocol;
        if (own.contains(parameter)) {
            return null;
        }
        if (LinkParameters.CV_NAMES.contains(parameter)) {
            return "only a cv-gg02 link has " + parameter;
        }
        if (MIDDLE_POSITION.equals(parameter)) {
            return "tf".equals(protocolName) ? "a tf link's middle station is half way: no " + parameter
                : "only an mdi link has a " + parameter;
        }
        if (!isDecoyParameter(parameter)) {
            return null;
        }
        if (!"bb84".equals(protocolName)) {
            return "a " + protocolName + " link has no " + parameter + " (a parameter of bb84's decoy methods)";
        }
        if (DECOY_INTENSITY.equals(parameter)) {
            return "finite".equals(decoy) ? "a finite decoy chooses its intensities itself"
                : "an infinite decoy has no intensity";
        }
        return "only a finite decoy has a " + parameter;
    }

    private static Set<String> parametersOfAnyProtocol() {
        final var all = new TreeSet<String>();
        for (var protocol : PROTOCOLS) {
            if ("bb84".equals(protocol)) {
                DECOYS.forEach(decoy -> all.addAll(parameters(protocol, decoy)));
            } else {
                all.addAll(parameters(protocol, null));
            }
        }
        return Collections.unmodifiableSet(all);
    }

    /**
     * Whether a parameter belongs to a decoy method of BB84, which the decoy method, not the protocol, chooses.
     *
     * @param parameter the parameter's name
     * @return for {@code decoy-intensity}, {@code block-size}, {@code epsilon-sec} and {@code epsilon-cor}
     */
    public static boolean isDecoyParameter(final String parameter) {
        return DECOY_INTENSITY.equals(parameter) || FINITE_PARAMETERS.contains(parameter);
    }

    /**
     * A link from its description.
     *
     * @param preset a name of {@link LinkParameters#PRESETS}, null for the protocol's
     *        {@link LinkParameters#defaultPreset(String)}
     * @param protocol a name of {@link #PROTOCOLS}, null for bb84
     * @param decoy a name of {@link #DECOYS}, null for vacuum-weak; BB84 only
     * @param fiberLengthKm the fiber's length in km
     * @param parameters the other parameters by their topology-file names, those of
     *        {@link #parameters(String, String)}
     * @return the link
     * @throws InvalidField naming the first field that does not fit, each value checked on its own first
     */
    public static PlannedLink of(final String preset, final String protocol, final String decoy,
            final double fiberLengthKm, final Map<String, Double> parameters) {
        final var own = parameters(protocol, decoy);
        final var protocolName = protocol == null ? "bb84" : protocol;
        final var decoyName = decoy == null ? "vacuum-weak" : decoy;
        final var presetName = preset != null ? preset : LinkParameters.defaultPreset(protocolName);
        final var base = LinkParameters.PRESETS.get(presetName);
        if (base == null) {
            throw new InvalidField("preset", "unknown preset '" + presetName + "' (use "
                + String.join(", ", new TreeSet<>(LinkParameters.PRESETS.keySet())) + ")", false, null);
        }
        for (var name : parameters.keySet()) {
            if (!own.contains(name)) {
                final var reason = misplaced(protocol, decoy, name);
                throw new InvalidField(name, (reason != null ? reason : "parameter '" + name + "' does not apply to "
                    + protocolName + ("bb84".equals(protocolName) ? " with the " + decoyName + " decoy" : ""))
                    + " (use " + String.join(", ", own) + ")", false, null);
            }
        }
        final var physics = base.toBuilder().fiberLengthKm(fiberLengthKm);
        named("fiber-length-km", physics::build);
        for (var entry : parameters.entrySet()) {
            final var setter = LinkParameters.BY_NAME.get(entry.getKey());
            if (setter != null) {
                // each value checked on its own, so that the error names it
                final var alone = base.toBuilder().fiberLengthKm(fiberLengthKm);
                setter.accept(alone, entry.getValue());
                named(entry.getKey(), alone::build);
                setter.accept(physics, entry.getValue());
            }
        }
        final var given = new HashMap<>(parameters);
        // each of the protocol's values checked on its own (the others at their defaults), then together
        for (var entry : given.entrySet()) {
            if (!LinkParameters.BY_NAME.containsKey(entry.getKey()) && !OVERHEAD.equals(entry.getKey())) {
                named(entry.getKey(), () -> protocol(protocolName, decoyName, Map.of(entry.getKey(),
                    entry.getValue())));
            }
        }
        final QkdProtocol chosen = named("parameters", () -> protocol(protocolName, decoyName, given));
        final var built = named("parameters", physics::build);
        return named(OVERHEAD, () -> new PlannedLink(built, chosen,
            given.getOrDefault(OVERHEAD, DEFAULT_AUTHENTICATION_OVERHEAD)));
    }

    // the protocol with its parameters, the defaults for those not given
    private static QkdProtocol protocol(final String protocolName, final String decoyName,
            final Map<String, Double> given) {
        return switch (protocolName) {
            case "cv-gg02" -> LinkParameters.cv(given);
            case "mdi" -> given.containsKey(MIDDLE_POSITION) ? new MdiQkd(given.get(MIDDLE_POSITION))
                : MdiQkd.MIDDLE;
            case "tf" -> TwinFieldQkd.SENDING_OR_NOT_SENDING;
            default -> switch (decoyName) {
                case "infinite" -> DecoyProtocol.INFINITE;
                case "finite" -> DecoyProtocol.finiteKey(
                    given.getOrDefault("block-size", DecoyProtocol.FiniteKey.DEFAULT_BLOCK_SIZE),
                    given.getOrDefault("epsilon-sec", DecoyProtocol.FiniteKey.DEFAULT_EPSILON_SEC),
                    given.getOrDefault("epsilon-cor", DecoyProtocol.FiniteKey.DEFAULT_EPSILON_COR));
                default -> DecoyProtocol.vacuumWeak(given.getOrDefault(DECOY_INTENSITY,
                    DecoyProtocol.VacuumWeak.DEFAULT_NU));
            };
        };
    }

    // the value, or the check's refusal under the name of what was checked
    private static <T> T named(final String name, final Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidField(name, e.getMessage(), true, e);
        }
    }

    /**
     * The link's key-rate estimate.
     *
     * @return the estimate
     */
    public KeyRateResult evaluate() {
        return KeyRateModel.evaluate(physics, protocol);
    }

    /**
     * The key rate left for key services: the secret key rate less the authentication overhead, as the link's
     * devices report it.
     *
     * @param estimate the link's estimate, from {@link #evaluate()}
     * @return bit/s, 0 when the protocol aborts
     */
    public double effectiveKeyRateBps(final KeyRateResult estimate) {
        return estimate.secretKeyRateBps() * (1 - authenticationOverhead);
    }
}
