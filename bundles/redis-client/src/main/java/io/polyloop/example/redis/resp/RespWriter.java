package io.polyloop.example.redis.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes RESP2 into a growable byte array: commands (arrays of bulk strings) for a client, replies for a server.
 * Grows by doubling; {@link #clear()} keeps the array for reuse. Not thread safe.
 */
public final class RespWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NIL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NIL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int size;

    public RespWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** @return {@code args} encoded as one command: an array of bulk strings */
    public static byte[] command(byte[]... args) {
        int estimate = 16;
        for (byte[] a : args) {
            estimate += a.length + 16;
        }
        RespWriter w = new RespWriter(estimate);
        w.arrayHeader(args.length);
        for (byte[] a : args) {
            w.bulk(a);
        }
        return w.toByteArray();
    }

    /** @return {@code args}, as UTF-8, encoded as one command */
    public static byte[] command(String... args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return command(raw);
    }

    public RespWriter simple(String text) {
        return line('+', text);
    }

    public RespWriter error(String message) {
        return line('-', message);
    }

    public RespWriter integer(long value) {
        put((byte) ':');
        decimal(value);
        return put(CRLF);
    }

    public RespWriter bulk(byte[] value) {
        if (value == null) {
            return put(NIL_BULK);
        }
        put((byte) '$');
        decimal(value.length);
        put(CRLF);
        put(value);
        return put(CRLF);
    }

    public RespWriter bulk(String value) {
        return bulk(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public RespWriter nilArray() {
        return put(NIL_ARRAY);
    }

    public RespWriter arrayHeader(int count) {
        put((byte) '*');
        decimal(count);
        return put(CRLF);
    }

    /** Appends bytes that are RESP already (an encoded command, say). */
    public RespWriter raw(byte[] encoded) {
        return put(encoded);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        size = 0;
    }

    /** @return a buffer over the bytes written (not a copy): valid until the next write or {@link #clear()} */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private RespWriter line(char type, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("a RESP " + (type == '+' ? "simple string" : "error")
                        + " cannot hold CR or LF: '" + text + "'");
            }
        }
        put((byte) type);
        put(text.getBytes(StandardCharsets.UTF_8));
        return put(CRLF);
    }

    private void decimal(long value) {
        if (value == Long.MIN_VALUE) {
            put("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (value < 0) {
            put((byte) '-');
            value = -value;
        }
        ensure(20);
        int start = size;
        do {
            bytes[size++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) { // digits came out least significant first
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
    }

    private RespWriter put(byte b) {
        ensure(1);
        bytes[size++] = b;
        return this;
    }

    private RespWriter put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
        return this;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("RESP output of " + wanted + " bytes is larger than a Java array");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
