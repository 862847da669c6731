/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.ipsec;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import org.opendaylight.qkd.keys.etsi014.DemoPki;

/**
 * The IPsec connector as a program ({@code scripts/ipsec-connector.sh CONFIG.json}): configures both gateways'
 * charons, keys the tunnel, then reauthenticates it with a fresh key every period, printing one line per IKE SA.
 *
 * <pre>
 * {
 *   "connection": "qkd-tunnel", "child": "net",
 *   "key-bits": 256, "period-seconds": 60, "rotations": 0,        0: until stopped
 *   "ike-psk-file": "gateways.psk",                                 the gateways' IKEv2 PSK, hexadecimal digits
 *   "initiator": {
 *     "sae": "gov-gateway", "vici": "/run/gw-gov/charon.vici",
 *     "address": "10.250.0.1", "id": "gw-gov", "subnet": "10.251.1.0/24",
 *     "etsi014": "https://localhost:18455/api/v1/keys/",            either ETSI GS QKD 014 ...
 *     "key-store": "pki/sae/gov-gateway.p12", "password": "changeit", "ca": "pki/ca.crt"
 *   },
 *   "responder": {
 *     ...,
 *     "skip": "127.0.0.1:18554", "skip-psk-file": "skip/branch-gateway.psk"          ... or SKIP
 *   }
 * }
 * </pre>
 */
public final class ConnectorMain {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ConnectorMain() {
        // main only
    }

    /**
     * Runs the connector.
     *
     * @param args the configuration file
     */
    public static void main(final String[] args) {
        final var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        final var diag = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        final int status = main(args, out, diag);
        out.flush();
        diag.flush();
        System.exit(status);
    }

    static int main(final String[] args, final PrintStream out, final PrintStream diag) {
        if (args.length != 1) {
            diag.println("usage: ipsec-connector CONFIG.json");
            return 2;
        }
        try {
            return run(Path.of(args[0]), out);
        } catch (IOException | GeneralSecurityException | JsonParseException | IllegalStateException
                | IllegalArgumentException e) {
            diag.println("ipsec-connector: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static int run(final Path file, final PrintStream out) throws IOException, GeneralSecurityException,
            InterruptedException {
        final var config = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        final var base = file.toAbsolutePath().getParent();
        final var period = Duration.ofSeconds(config.get("period-seconds").getAsLong());
        final int rotations = config.has("rotations") ? config.get("rotations").getAsInt() : 0;
        final var ikePsk = hexFile(base.resolve(config.get("ike-psk-file").getAsString()));
        try (var connector = new IpsecConnector(config.get("connection").getAsString(),
                config.get("child").getAsString(), gateway(config.getAsJsonObject("initiator"), base),
                gateway(config.getAsJsonObject("responder"), base), config.get("key-bits").getAsInt(),
                InstantSource.system())) {
            connector.configure(ikePsk);
            Arrays.fill(ikePsk, (byte) 0);
            out.println("time                           key ID (PPK ID)                       initiator IKE SA  "
                + "responder IKE SA");
            for (int done = 0; rotations == 0 || done < rotations; done++) {
                if (done > 0) {
                    Thread.sleep(period.toMillis());
                }
                try {
                    final var rotation = connector.rotate();
                    out.printf("%-30s %-37s #%-16s #%s%n", rotation.at(), rotation.keyId(), rotation.initiatorSa(),
                        rotation.responderSa());
                } catch (IOException e) {
                    // the tunnel stays on the IKE SA it has; the next period tries again
                    out.println("rotation failed, the tunnel keeps its IKE SA: " + e.getMessage());
                }
            }
        }
        return 0;
    }

    private static IpsecConnector.Gateway gateway(final JsonObject config, final Path base) throws IOException,
            GeneralSecurityException {
        final var sae = config.get("sae").getAsString();
        final KeyEndpoint keys;
        if (config.has("skip")) {
            final var server = config.get("skip").getAsString();
            final int colon = server.lastIndexOf(':');
            final var psk = hexFile(base.resolve(config.get("skip-psk-file").getAsString()));
            try {
                keys = KeyEndpoint.Skip.connect(new InetSocketAddress(server.substring(0, colon),
                    Integer.parseInt(server.substring(colon + 1))), sae, psk, TIMEOUT);
            } finally {
                Arrays.fill(psk, (byte) 0);
            }
        } else {
            final var password = config.get("password").getAsString().toCharArray();
            keys = KeyEndpoint.Etsi014.of(URI.create(config.get("etsi014").getAsString()), DemoPki.clientContext(
                base.resolve(config.get("key-store").getAsString()), password, trust(base.resolve(
                    config.get("ca").getAsString()))), TIMEOUT);
        }
        return new IpsecConnector.Gateway(sae, keys, Vici.connect(Vici.socket(config.get("vici").getAsString())),
            config.get("address").getAsString(), config.get("id").getAsString(), config.get("subnet").getAsString());
    }

    private static KeyStore trust(final Path pem) throws IOException, GeneralSecurityException {
        final var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int index = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
        }
        return store;
    }

    private static byte[] hexFile(final Path file) throws IOException {
        final var text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return HexFormat.of().parseHex(text);
    }
}
