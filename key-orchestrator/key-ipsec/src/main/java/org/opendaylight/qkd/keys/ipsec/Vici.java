/*
 * Copyright (c) 2026 QKD Control Suite authors and others.  All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.opendaylight.qkd.keys.ipsec;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of strongSwan's versatile IKE control interface (vici) on charon's UNIX socket: named requests with
 * messages of sections, key/value pairs and lists, as strongSwan's {@code src/libcharon/plugins/vici/README.md}
 * describes them; streamed answers (the {@code list-*} commands) through their event. Java has no vici library; the
 * protocol is small. Values may be bytes (a secret): the caller erases what it passes, and this client erases its
 * copies once sent.
 */
public final class Vici implements AutoCloseable {
    private static final int CMD_REQUEST = 0;
    private static final int CMD_RESPONSE = 1;
    private static final int CMD_UNKNOWN = 2;
    private static final int EVENT_REGISTER = 3;
    private static final int EVENT_UNREGISTER = 4;
    private static final int EVENT_CONFIRM = 5;
    private static final int EVENT_UNKNOWN = 6;
    private static final int EVENT = 7;

    private static final int SECTION_START = 1;
    private static final int SECTION_END = 2;
    private static final int KEY_VALUE = 3;
    private static final int LIST_START = 4;
    private static final int LIST_ITEM = 5;
    private static final int LIST_END = 6;

    private static final int MAX_PACKET = 512 * 1024;

    /**
     * A vici message: an ordered map whose values are strings, bytes, lists of strings, or messages (sections).
     */
    public static final class Message {
        private final Map<String, Object> items = new LinkedHashMap<>();

        /**
         * Adds a key/value pair.
         *
         * @param key its key
         * @param value its value
         * @return this message
         */
        public Message put(final String key, final String value) {
            items.put(key, value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /**
         * Adds a key/value pair whose value is bytes (a secret); the message keeps a copy, erased once sent.
         *
         * @param key its key
         * @param value its value
         * @return this message
         */
        public Message put(final String key, final byte[] value) {
            items.put(key, value.clone());
            return this;
        }

        /**
         * Adds a list.
         *
         * @param key its name
         * @param values its items
         * @return this message
         */
        public Message list(final String key, final List<String> values) {
            items.put(key, List.copyOf(values));
            return this;
        }

        /**
         * Adds a section.
         *
         * @param key its name
         * @param section its content
         * @return this message
         */
        public Message section(final String key, final Message section) {
            items.put(key, section);
            return this;
        }

        /**
         * A value as text.
         *
         * @param key its key
         * @return the value, null when there is none or it is not a value
         */
        public String text(final String key) {
            return items.get(key) instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : null;
        }

        /**
         * A section.
         *
         * @param key its name
         * @return the section, null when there is none
         */
        public Message sectionOf(final String key) {
            return items.get(key) instanceof Message message ? message : null;
        }

        /**
         * The names of the items, in order.
         *
         * @return the keys
         */
        public List<String> keys() {
            return List.copyOf(items.keySet());
        }

        /**
         * Whether a request succeeded: {@code success} is {@code yes}.
         *
         * @return whether it did
         */
        public boolean succeeded() {
            return "yes".equals(text("success"));
        }

        void encode(final ByteArrayOutputStream out) {
            for (var item : items.entrySet()) {
                final var value = item.getValue();
                if (value instanceof Message section) {
                    out.write(SECTION_START);
                    name(out, item.getKey());
                    section.encode(out);
                    out.write(SECTION_END);
                } else if (value instanceof List<?> list) {
                    out.write(LIST_START);
                    name(out, item.getKey());
                    for (var element : list) {
                        out.write(LIST_ITEM);
                        value(out, ((String) element).getBytes(StandardCharsets.UTF_8));
                    }
                    out.write(LIST_END);
                } else {
                    out.write(KEY_VALUE);
                    name(out, item.getKey());
                    value(out, (byte[]) value);
                }
            }
        }

        void erase() {
            for (var value : items.values()) {
                if (value instanceof byte[] bytes) {
                    Arrays.fill(bytes, (byte) 0);
                } else if (value instanceof Message section) {
                    section.erase();
                }
            }
        }

        private static void name(final ByteArrayOutputStream out, final String name) {
            final var bytes = name.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 255) {
                throw new IllegalArgumentException("vici names are at most 255 bytes: " + name);
            }
            out.write(bytes.length);
            out.writeBytes(bytes);
        }

        private static void value(final ByteArrayOutputStream out, final byte[] value) {
            if (value.length > 65_535) {
                throw new IllegalArgumentException("vici values are at most 65535 bytes");
            }
            out.write(value.length >> 8);
            out.write(value.length & 0xFF);
            out.writeBytes(value);
        }

        static Message decode(final ByteBuffer in) throws IOException {
            final var root = new Message();
            final var stack = new ArrayList<Message>();
            stack.add(root);
            List<String> list = null;
            while (in.hasRemaining()) {
                final var current = stack.getLast();
                final int type = in.get() & 0xFF;
                switch (type) {
                    case SECTION_START -> {
                        final var section = new Message();
                        current.items.put(readName(in), section);
                        stack.add(section);
                    }
                    case SECTION_END -> {
                        if (stack.size() == 1) {
                            throw new IOException("vici: a section ends that did not start");
                        }
                        stack.removeLast();
                    }
                    case KEY_VALUE -> current.items.put(readName(in), readValue(in));
                    case LIST_START -> {
                        list = new ArrayList<>();
                        current.items.put(readName(in), list);
                    }
                    case LIST_ITEM -> {
                        if (list == null) {
                            throw new IOException("vici: a list item outside a list");
                        }
                        list.add(new String(readValue(in), StandardCharsets.UTF_8));
                    }
                    case LIST_END -> list = null;
                    default -> throw new IOException("vici: unknown element type " + type);
                }
            }
            return root;
        }

        private static String readName(final ByteBuffer in) {
            final var bytes = new byte[in.get() & 0xFF];
            in.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        private static byte[] readValue(final ByteBuffer in) {
            final var bytes = new byte[in.getShort() & 0xFFFF];
            in.get(bytes);
            return bytes;
        }

        @Override
        public String toString() {
            final var text = new StringBuilder("{");
            items.forEach((key, value) -> text.append(key).append('=').append(value instanceof byte[] bytes
                ? new String(bytes, StandardCharsets.UTF_8) : value).append(' '));
            return text.append('}').toString();
        }
    }

    private final SocketChannel channel;

    private Vici(final SocketChannel channel) {
        this.channel = channel;
    }

    /**
     * Connects to charon's vici socket.
     *
     * @param socket the socket's path
     * @return the client
     * @throws IOException when charon does not answer there
     */
    public static Vici connect(final Path socket) throws IOException {
        final var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new Vici(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Sends a request and reads its response.
     *
     * @param command the command, e.g. {@code load-shared}
     * @param message its message; its byte values are erased once sent
     * @return the response
     * @throws IOException when charon does not know the command or the connection fails
     */
    public synchronized Message request(final String command, final Message message) throws IOException {
        send(CMD_REQUEST, command, message);
        while (true) {
            final var packet = read();
            final int type = packet.get() & 0xFF;
            switch (type) {
                case CMD_RESPONSE -> {
                    return Message.decode(packet);
                }
                case CMD_UNKNOWN -> throw new IOException("vici: charon does not know the command " + command);
                case EVENT -> {
                    // an event of a registration of another request: not ours
                }
                default -> throw new IOException("vici: unexpected packet type " + type + " for " + command);
            }
        }
    }

    /**
     * Sends a request whose answer streams as events, and collects them.
     *
     * @param command the command, e.g. {@code list-sas}
     * @param event the event that carries the answer, e.g. {@code list-sa}
     * @param message the request's message
     * @return the events' messages, in order
     * @throws IOException when charon does not know the command or the event, or the connection fails
     */
    public synchronized List<Message> stream(final String command, final String event, final Message message)
            throws IOException {
        send(EVENT_REGISTER, event, new Message());
        expectConfirm(event);
        final var events = new ArrayList<Message>();
        try {
            send(CMD_REQUEST, command, message);
            while (true) {
                final var packet = read();
                final int type = packet.get() & 0xFF;
                if (type == EVENT) {
                    Message.readName(packet);
                    events.add(Message.decode(packet));
                } else if (type == CMD_RESPONSE) {
                    return events;
                } else if (type == CMD_UNKNOWN) {
                    throw new IOException("vici: charon does not know the command " + command);
                } else {
                    throw new IOException("vici: unexpected packet type " + type + " for " + command);
                }
            }
        } finally {
            send(EVENT_UNREGISTER, event, new Message());
            expectConfirm(event);
        }
    }

    private void expectConfirm(final String event) throws IOException {
        final var packet = read();
        final int type = packet.get() & 0xFF;
        if (type == EVENT_UNKNOWN) {
            throw new IOException("vici: charon does not know the event " + event);
        }
        if (type != EVENT_CONFIRM) {
            throw new IOException("vici: unexpected packet type " + type + " for event " + event);
        }
    }

    private void send(final int type, final String name, final Message message) throws IOException {
        final var body = new ByteArrayOutputStream();
        body.write(type);
        Message.name(body, name);
        message.encode(body);
        message.erase();
        final var bytes = body.toByteArray();
        try {
            final var packet = ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes)
                .flip();
            while (packet.hasRemaining()) {
                channel.write(packet);
            }
            Arrays.fill(packet.array(), (byte) 0);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private ByteBuffer read() throws IOException {
        final var length = ByteBuffer.allocate(Integer.BYTES);
        readFully(length);
        final int size = length.flip().getInt();
        if (size <= 0 || size > MAX_PACKET) {
            throw new IOException("vici: packet of " + size + " bytes");
        }
        final var packet = ByteBuffer.allocate(size);
        readFully(packet);
        return packet.flip();
    }

    private void readFully(final ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("vici: charon closed the connection");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * The socket a vici URI names ({@code unix:///path} or a path).
     *
     * @param uri the URI or path
     * @return the path
     */
    public static Path socket(final String uri) {
        return Path.of(requireNonNull(uri).startsWith("unix://") ? uri.substring("unix://".length()) : uri);
    }
}
