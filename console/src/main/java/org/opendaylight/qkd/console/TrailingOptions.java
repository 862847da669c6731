/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.console;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;

/**
 * Options written after a command's arguments, as operators write them ({@code qkd:path hq dc-west --policy gold}).
 * Karaf reads options only before the first argument: what follows the arguments it takes for more arguments and
 * answers "too many arguments", and an option without its value it takes for the value of an argument. The
 * commands that have arguments collect what follows them (their last, multi-valued argument {@code options}), and
 * this class sets those options as Karaf sets the others, naming the option that is missing its value.
 */
final class TrailingOptions {
    private TrailingOptions() {
        // static functions only
    }

    /**
     * Sets the options that followed the arguments.
     *
     * @param command the command, whose {@link Option} fields are set
     * @param tokens what followed its arguments, or null when nothing did
     * @throws ConsoleException when a token is not an option of the command, an option is missing its value, or a
     *     value is not of the option's type
     */
    static void apply(final Action command, final List<String> tokens) throws ConsoleException {
        if (tokens == null || tokens.isEmpty()) {
            return;
        }
        final var options = new HashMap<String, Field>();
        for (var field : command.getClass().getDeclaredFields()) {
            final var option = field.getAnnotation(Option.class);
            if (option != null) {
                options.put(option.name(), field);
                for (var alias : option.aliases()) {
                    options.put(alias, field);
                }
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            final var token = tokens.get(i);
            if (!token.startsWith("-")) {
                throw new ConsoleException("too many arguments: '" + token + "' follows them");
            }
            final int equals = token.indexOf('=');
            final var name = equals > 0 ? token.substring(0, equals) : token;
            final var field = options.get(name);
            if (field == null) {
                throw new ConsoleException("undefined option " + name);
            }
            String value = equals > 0 ? token.substring(equals + 1) : null;
            if (value == null && isFlag(field)) {
                value = "true";
            }
            if (value == null) {
                if (i + 1 >= tokens.size() || options.containsKey(valueName(tokens.get(i + 1)))) {
                    throw new ConsoleException("option " + name + " is missing its value");
                }
                value = tokens.get(++i);
            }
            set(command, field, name, value);
        }
    }

    /**
     * Checks that an option was given, before or after the arguments.
     *
     * @param value the option's field
     * @param name the option's name
     * @throws ConsoleException when it was not
     */
    static void require(final Object value, final String name) throws ConsoleException {
        if (value == null) {
            throw new ConsoleException("option " + name + " is required");
        }
    }

    private static String valueName(final String token) {
        final int equals = token.indexOf('=');
        return equals > 0 ? token.substring(0, equals) : token;
    }

    private static boolean isFlag(final Field field) {
        return field.getType() == boolean.class || field.getType() == Boolean.class;
    }

    private static void set(final Action command, final Field field, final String name, final String value)
            throws ConsoleException {
        final Object converted;
        final var type = field.getType();
        try {
            if (type == String.class) {
                converted = value;
            } else if (type == long.class || type == Long.class) {
                converted = Long.valueOf(value);
            } else if (type == int.class || type == Integer.class) {
                converted = Integer.valueOf(value);
            } else if (type == double.class || type == Double.class) {
                converted = Double.valueOf(value);
            } else if (isFlag(field)) {
                converted = Boolean.valueOf(value);
            } else if (type == List.class) {
                final var values = new ArrayList<Object>();
                final var current = (List<?>) field.get(command);
                if (current != null) {
                    values.addAll(current);
                }
                values.add(value);
                converted = values;
            } else {
                throw new IllegalStateException("option " + name + " of type " + type + " is not supported here");
            }
            field.set(command, converted);
        } catch (NumberFormatException e) {
            throw new ConsoleException("option " + name + " takes " + (type == double.class || type == Double.class
                ? "a number" : "a whole number") + ", not '" + value + "'", e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("option " + name + " cannot be set", e);
        }
    }
}
