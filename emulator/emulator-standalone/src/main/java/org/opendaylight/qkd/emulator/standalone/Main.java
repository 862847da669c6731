/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the standalone emulator: {@code qkd-emulator <command> [options]}.
 */
public final class Main {
    private static final String USAGE = """
        usage: qkd-emulator <command> [options]
        commands:
          keyrate   print the decoy-state BB84 key rate over fiber lengths (keyrate --help for options)
          run       emulate a topology file, its nodes as NETCONF devices on loopback (run --help for options)
        """;

    private Main() {
        // entry point only
    }

    /**
     * Runs a command.
     *
     * @param args command and options
     */
    public static void main(final String[] args) {
        final var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final var diag = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        final int status = run(Arrays.asList(args), out, diag);
        if (status != 0) {
            Runtime.getRuntime().exit(status);
        }
    }

    /**
     * Runs a command, writing to the given streams.
     *
     * @param args command and options
     * @param out standard output
     * @param diag standard error
     * @return exit status: 0 done, 1 devices could not start, 2 usage error
     */
    static int run(final List<String> args, final PrintStream out, final PrintStream diag) {
        if (args.isEmpty()) {
            diag.print(USAGE);
            return 2;
        }
        final var options = args.subList(1, args.size());
        try {
            switch (args.get(0)) {
                case "keyrate" -> {
                    if (options.contains("--help")) {
                        out.print(KeyRateCommand.usage());
                    } else {
                        KeyRateCommand.run(options, out);
                    }
                }
                case "run" -> {
                    if (options.contains("--help")) {
                        out.print(RunCommand.usage());
                    } else {
                        RunCommand.run(options, out);
                    }
                }
                case "--help", "help" -> out.print(USAGE);
                default -> throw new UsageException("unknown command " + args.get(0));
            }
            return 0;
        } catch (UsageException e) {
            diag.println("qkd-emulator: " + e.getMessage());
            diag.print(switch (args.get(0)) {
                case "keyrate" -> KeyRateCommand.usage();
                case "run" -> RunCommand.usage();
                default -> USAGE;
            });
            return 2;
        } catch (DeviceStartException e) {
            diag.println("qkd-emulator: " + e.getMessage());
            return 1;
        }
    }
}
