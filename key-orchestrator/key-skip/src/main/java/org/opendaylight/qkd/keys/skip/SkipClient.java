/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.skip;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Vector;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.gaul.modernizer_maven_annotations.SuppressModernizer;

/**
 * A SKIP client, as an encryptor is one: one kept-alive HTTPS connection to a site KME's SKIP endpoint, its TLS
 * authenticated by the client's pre-shared key, GET requests one at a time. For the suite's tests, its benchmark and
 * its IPsec connector.
 */
public final class SkipClient implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 8192;
    private static final int MAX_BODY_BYTES = 1 << 16;

    /**
     * An answer: its status and body. The body of a key holds the key: the caller zeroes it.
     *
     * @param status the HTTP status
     * @param body the body, as sent
     */
    @SuppressWarnings("checkstyle:ArrayRecordComponent")
    public record Answer(int status, byte[] body) {
        /**
         * The body as text, for answers that hold no key.
         *
         * @return the body
         */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final TlsClientProtocol tls;
    private final String host;

    private SkipClient(final Socket socket, final TlsClientProtocol tls, final String host) {
        this.socket = socket;
        this.tls = tls;
        this.host = host;
    }

    /**
     * Connects and completes the handshake.
     *
     * @param server the SKIP endpoint
     * @param identity the client's PSK identity (its localSystemID)
     * @param psk the pre-shared key; left unchanged
     * @param tls13 TLS 1.3 ({@code TLS_AES_256_GCM_SHA384}) or TLS 1.2 ((EC)DHE_PSK AES-256 suites)
     * @param timeout for the connection and each read
     * @return the client
     * @throws IOException when the server cannot be reached or refuses the handshake
     */
    public static SkipClient connect(final InetSocketAddress server, final String identity, final byte[] psk,
            final boolean tls13, final Duration timeout) throws IOException {
        final var socket = new Socket();
        try {
            socket.connect(server, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            final var protocol = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
            protocol.connect(new Client(new BcTlsCrypto(new SecureRandom()), identity, psk, tls13));
            return new SkipClient(socket, protocol, server.getHostString() + ":" + server.getPort());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends a GET and reads its answer.
     *
     * @param target the path and query, e.g. {@code /key?remoteSystemID=bob}
     * @return the answer
     * @throws IOException when the connection fails or the answer is not HTTP
     */
    public Answer get(final String target) throws IOException {
        final var request = ("GET " + requireNonNull(target) + " HTTP/1.1\r\nHost: " + host
            + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        final var out = tls.getOutputStream();
        out.write(request);
        out.flush();
        final var in = tls.getInputStream();
        final var head = head(in);
        final var lines = head.split("\r\n");
        final var status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            final int colon = lines[i].indexOf(':');
            if (colon > 0 && "content-length".equals(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT))) {
                length = Integer.parseInt(lines[i].substring(colon + 1).trim());
            }
        }
        if (length < 0 || length > MAX_BODY_BYTES) {
            throw new IOException("answer without a usable Content-Length: " + head);
        }
        final var body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("answer cut short");
        }
        return new Answer(Integer.parseInt(status[1]), body);
    }

    private static String head(final InputStream in) throws IOException {
        final var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            final int next = in.read();
            if (next < 0) {
                throw new EOFException("connection closed before an answer");
            }
            head.write(next);
            matched = next == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : next == '\r' ? 1 : 0;
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("answer header too long");
            }
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        try {
            tls.close();
        } finally {
            socket.close();
        }
    }

    // the client's TLS: its pre-shared key as a TLS 1.3 external PSK, or its identity for TLS 1.2's PSK key exchange
    private static final class Client extends PSKTlsClient {
        private final byte[] identity;
        private final byte[] psk;
        private final boolean tls13;

        Client(final TlsCrypto crypto, final String identity, final byte[] psk, final boolean tls13) {
            super(crypto, new BasicTlsPSKIdentity(identity, psk));
            this.identity = identity.getBytes(StandardCharsets.UTF_8);
            this.psk = psk.clone();
            this.tls13 = tls13;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return tls13 ? ProtocolVersion.TLSv13.only() : ProtocolVersion.TLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return tls13 ? new int[] {CipherSuite.TLS_AES_256_GCM_SHA384} : new int[] {
                CipherSuite.TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_DHE_PSK_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_DHE_PSK_WITH_AES_256_CBC_SHA384};
        }

        @Override
        // Bouncy Castle's API takes a Vector
        @SuppressModernizer
        public Vector<TlsPSKExternal> getExternalPSKs() {
            if (!tls13) {
                return null;
            }
            final var psks = new Vector<TlsPSKExternal>(1);
            psks.add(new BasicTlsPSKExternal(identity, getCrypto().createSecret(psk.clone()),
                PRFAlgorithm.tls13_hkdf_sha384));
            return psks;
        }

        @Override
        public void notifyHandshakeComplete() {
            Arrays.fill(psk, (byte) 0);
        }
    }
}
