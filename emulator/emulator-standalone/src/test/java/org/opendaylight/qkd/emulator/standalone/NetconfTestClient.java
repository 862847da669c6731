/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.emulator.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.function.Consumer;
import org.opendaylight.netconf.shaded.sshd.client.SshClient;
import org.opendaylight.netconf.shaded.sshd.client.channel.ChannelSubsystem;
import org.opendaylight.netconf.shaded.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.opendaylight.netconf.shaded.sshd.client.session.ClientSession;

/**
 * A minimal NETCONF 1.0 client over SSH for tests: hello exchange, end-of-message framing, one RPC at a time.
 */
final class NetconfTestClient implements AutoCloseable {
    private static final String EOM = "]]>]]>";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final SshClient client;
    private final ClientSession session;
    private final ChannelSubsystem channel;
    private final OutputStream toServer;
    private final InputStream fromServer;
    private final String serverHello;
    private int messageId;

    private NetconfTestClient(final SshClient client, final ClientSession session, final ChannelSubsystem channel)
            throws IOException {
        this.client = client;
        this.session = session;
        this.channel = channel;
        toServer = channel.getInvertedIn();
        fromServer = channel.getInvertedOut();
        serverHello = readMessage();
        send("<hello xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><capabilities>"
            + "<capability>urn:ietf:params:netconf:base:1.0</capability></capabilities></hello>");
    }

    static NetconfTestClient connect(final int port, final String user, final String password) throws IOException {
        return connect(port, user, session -> session.addPasswordIdentity(password));
    }

    /**
     * A session authenticated with an SSH key.
     */
    static NetconfTestClient connect(final int port, final String user, final KeyPair key) throws IOException {
        return connect(port, user, session -> session.addPublicKeyIdentity(key));
    }

    private static NetconfTestClient connect(final int port, final String user,
            final Consumer<ClientSession> identity) throws IOException {
        final var client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try {
            final var session = client.connect(user, NetconfEmulator.HOST, port).verify(TIMEOUT).getSession();
            identity.accept(session);
            session.auth().verify(TIMEOUT);
            final var channel = session.createSubsystemChannel("netconf");
            channel.open().verify(TIMEOUT);
            return new NetconfTestClient(client, session, channel);
        } catch (IOException e) {
            client.stop();
            throw e;
        }
    }

    String serverHello() {
        return serverHello;
    }

    /**
     * Sends one RPC and returns the reply.
     *
     * @param operation the operation element(s) inside {@code <rpc>}
     * @return the rpc-reply document
     * @throws IOException on a broken session
     */
    String rpc(final String operation) throws IOException {
        send("<rpc message-id=\"" + ++messageId + "\" xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\">"
            + operation + "</rpc>");
        return readMessage();
    }

    /**
     * Waits for the next message the server sends unasked, a notification.
     *
     * @return the message
     * @throws IOException on a broken session
     */
    String nextMessage() throws IOException {
        return readMessage();
    }

    private void send(final String message) throws IOException {
        toServer.write((message + EOM).getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    private String readMessage() throws IOException {
        final var buffer = new ByteArrayOutputStream();
        final var eom = EOM.getBytes(StandardCharsets.UTF_8);
        int matched = 0;
        while (matched < eom.length) {
            final int next = fromServer.read();
            if (next < 0) {
                throw new IOException("session closed after: " + buffer.toString(StandardCharsets.UTF_8));
            }
            buffer.write(next);
            matched = next == eom[matched] ? matched + 1 : next == eom[0] ? 1 : 0;
        }
        final var text = buffer.toString(StandardCharsets.UTF_8);
        return text.substring(0, text.length() - EOM.length());
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close(true);
            session.close(true);
        } finally {
            client.stop();
        }
    }
}
