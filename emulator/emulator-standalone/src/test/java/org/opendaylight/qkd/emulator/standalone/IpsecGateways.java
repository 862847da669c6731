/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.opendaylight.qkd.keys.ipsec.Vici;

/**
 * Two IPsec gateways for a test, each strongSwan's charon in a network namespace of its own, joined by a veth pair
 * (outer addresses 10.250.0.1 and 10.250.0.2), each protecting one address on its loopback (10.251.1.1 and
 * 10.251.2.1). ESP runs in user space over a TUN device (kernel-libipsec): the kernel's ESP is not available on
 * every machine. Everything is removed on close.
 */
final class IpsecGateways implements AutoCloseable {
    static final String CHARON = "/usr/lib/ipsec/charon";
    static final String OUTER_A = "10.250.0.1";
    static final String OUTER_B = "10.250.0.2";
    static final String INNER_A = "10.251.1.1";
    static final String INNER_B = "10.251.2.1";

    private final Path directory;
    private final String prefix;
    private final List<Process> charons = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    private IpsecGateways(final Path directory, final String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    /**
     * Whether this machine can run them: root (network namespaces) and strongSwan's charon.
     *
     * @return whether it can
     */
    static boolean available() {
        return Files.isExecutable(Path.of(CHARON)) && "root".equals(System.getProperty("user.name"));
    }

    static IpsecGateways start(final Path directory) throws IOException, InterruptedException {
        final var gateways = new IpsecGateways(directory, "qkt" + ProcessHandle.current().pid() % 100_000);
        boolean started = false;
        try {
            gateways.network();
            gateways.charon("a");
            gateways.charon("b");
            started = true;
            return gateways;
        } finally {
            if (!started) {
                gateways.close();
            }
        }
    }

    String namespace(final String side) {
        return prefix + side;
    }

    Path vici(final String side) {
        return directory.resolve(side).resolve("charon.vici");
    }

    Path log(final String side) {
        return directory.resolve(side).resolve("charon.log");
    }

    private void network() throws IOException, InterruptedException {
        final var a = namespace("a");
        final var b = namespace("b");
        run("ip", "netns", "add", a);
        namespaces.add(a);
        run("ip", "netns", "add", b);
        namespaces.add(b);
        run("ip", "link", "add", prefix + "va", "type", "veth", "peer", "name", prefix + "vb");
        run("ip", "link", "set", prefix + "va", "netns", a);
        run("ip", "link", "set", prefix + "vb", "netns", b);
        for (var side : List.of(new String[] {a, prefix + "va", OUTER_A, INNER_A},
                new String[] {b, prefix + "vb", OUTER_B, INNER_B})) {
            run("ip", "-n", side[0], "link", "set", "lo", "up");
            run("ip", "-n", side[0], "addr", "add", side[2] + "/24", "dev", side[1]);
            run("ip", "-n", side[0], "link", "set", side[1], "up");
            run("ip", "-n", side[0], "addr", "add", side[3] + "/32", "dev", "lo");
        }
    }

    // charon in the side's namespace, with a /run of its own (its PID file) and its vici socket in the directory
    private void charon(final String side) throws IOException {
        final var home = Files.createDirectories(directory.resolve(side));
        final var conf = home.resolve("strongswan.conf");
        Files.writeString(conf, """
            charon {
              load_modular = no
              load = random nonce aes sha1 sha2 hmac gcm pem pkcs1 x509 pubkey openssl kdf kernel-libipsec \
            kernel-netlink socket-default vici
              install_routes = yes
              plugins {
                vici { socket = unix://%s }
              }
              filelog {
                log {
                  path = %s
                  flush_line = yes
                  default = 1
                  ike = 1
                  cfg = 1
                }
              }
            }
            """.formatted(vici(side), log(side)), StandardCharsets.UTF_8);
        final var process = new ProcessBuilder("ip", "netns", "exec", namespace(side), "unshare", "-m", "sh", "-c",
                "mount -t tmpfs tmpfs /run && exec " + CHARON)
            .redirectErrorStream(true).redirectOutput(home.resolve("charon.out").toFile());
        process.environment().put("STRONGSWAN_CONF", conf.toString());
        charons.add(process.start());
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
            .until(() -> {
                try (var vici = Vici.connect(vici(side))) {
                    return vici.request("version", new Vici.Message()).text("daemon") != null;
                }
            });
    }

    /**
     * Runs a command in a side's namespace.
     *
     * @param side a or b
     * @param command the command
     * @return its exit status and output
     */
    Result exec(final String side, final String... command) throws IOException, InterruptedException {
        final var full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(side)));
        full.addAll(List.of(command));
        return execute(full);
    }

    record Result(int status, String output) {
    }

    private static void run(final String... command) throws IOException, InterruptedException {
        final var result = execute(List.of(command));
        if (result.status() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + result.status() + "): "
                + result.output());
        }
    }

    private static Result execute(final List<String> command) throws IOException, InterruptedException {
        final var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not end");
        }
        return new Result(process.exitValue(), output);
    }

    @Override
    public void close() throws InterruptedException {
        for (var charon : charons) {
            charon.destroy();
            if (!charon.waitFor(10, TimeUnit.SECONDS)) {
                charon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (var namespace : namespaces) {
            try {
                // the veth pair goes with its namespaces
                run("ip", "netns", "del", namespace);
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
