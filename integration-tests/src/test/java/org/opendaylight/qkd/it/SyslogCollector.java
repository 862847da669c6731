/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.opendaylight.qkd.emulator.standalone.NetconfEmulator;
import org.opendaylight.qkd.karaf.process.KarafProcess;
import org.opendaylight.qkd.security.Rfc5424;

/**
 * Debian's rsyslog as an operator's syslog collector: started by a test on loopback ports (UDP and TCP), it writes
 * every message as it received it, one per line, to a file the test reads.
 */
final class SyslogCollector implements AutoCloseable {
    /**
     * Debian's rsyslog daemon.
     */
    static final Path RSYSLOGD = Path.of("/usr/sbin/rsyslogd");

    private final Path received;
    private final int udpPort;
    private final int tcpPort;
    private ToolProcess process;

    private SyslogCollector(final Path received, final int udpPort, final int tcpPort) {
        this.received = received;
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
    }

    /**
     * Whether rsyslog is installed.
     *
     * @return whether it can be started
     */
    static boolean installed() {
        return Files.isExecutable(RSYSLOGD);
    }

    /**
     * Starts rsyslog and waits until it accepts TCP connections.
     *
     * @param dir its directory (configuration, work directory, what it received); emptied first
     * @return the running collector
     * @throws IOException when it does not start
     */
    static SyslogCollector start(final Path dir) throws IOException {
        KarafProcess.deleteTree(dir);
        Files.createDirectories(dir.resolve("work"));
        final var ports = NetconfEmulator.freePorts(2);
        final var received = dir.resolve("received.log");
        final var config = Files.writeString(dir.resolve("rsyslog.conf"), """
            global(workDirectory="%s" maxMessageSize="64k")
            module(load="imudp")
            module(load="imtcp")
            input(type="imudp" address="127.0.0.1" port="%d")
            input(type="imtcp" address="127.0.0.1" port="%d")
            template(name="raw" type="string" string="%%rawmsg%%\\n")
            *.* action(type="omfile" file="%s" template="raw" flushOnTXEnd="on" asyncWriting="off")
            """.formatted(dir.resolve("work"), ports.get(0), ports.get(1), received), StandardCharsets.UTF_8);
        final var collector = new SyslogCollector(received, ports.get(0), ports.get(1));
        collector.process = ToolProcess.start(List.of(RSYSLOGD.toString(), "-n", "-f", config.toString(), "-i",
            dir.resolve("rsyslogd.pid").toString()), dir.resolve("rsyslogd.log"), Duration.ofSeconds(30),
            collector::listening);
        return collector;
    }

    private boolean listening() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", tcpPort), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The UDP port it listens on.
     *
     * @return the port, on 127.0.0.1
     */
    int udpPort() {
        return udpPort;
    }

    /**
     * The TCP port it listens on (a line feed ends each message).
     *
     * @return the port, on 127.0.0.1
     */
    int tcpPort() {
        return tcpPort;
    }

    /**
     * What it received so far, as it received it.
     *
     * @return the messages' text, one per line
     * @throws IOException when the file cannot be read
     */
    String receivedText() throws IOException {
        return Files.exists(received) ? Files.readString(received, StandardCharsets.UTF_8) : "";
    }

    /**
     * What it received so far, each message parsed as RFC 5424.
     *
     * @return the messages
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when a message is not RFC 5424
     */
    List<Rfc5424> received() throws IOException {
        return Rfc5424.parseAll(receivedText());
    }

    @Override
    public void close() {
        process.close();
    }
}
