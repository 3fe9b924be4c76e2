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

    /** @return {@code args} encoded as one command: an array of bulk strings, in one exactly sized array */
    public static byte[] command(byte[]... args) {
        int size = headerBytes(args.length);
        for (byte[] a : args) {
            size += headerBytes(a.length) + a.length + 2;
        }
        byte[] out = new byte[size];
        int p = header(out, 0, '*', args.length);
        for (byte[] a : args) {
            p = header(out, p, '$', a.length);
            System.arraycopy(a, 0, out, p, a.length);
            p += a.length;
            out[p++] = '\r';
            out[p++] = '\n';
        }
        return out;
    }

    /**
     * @return {@code args}, as UTF-8, encoded as one command; ASCII arguments (the usual keys and values) are
     *         encoded without an intermediate array each
     */
    public static byte[] command(String... args) {
        int size = headerBytes(args.length);
        for (String a : args) {
            int n = a.length();
            for (int i = 0; i < n; i++) {
                if (a.charAt(i) >= 0x80) {
                    return command(utf8(args));
                }
            }
            size += headerBytes(n) + n + 2;
        }
        byte[] out = new byte[size];
        int p = header(out, 0, '*', args.length);
        for (String a : args) {
            int n = a.length();
            p = header(out, p, '$', n);
            for (int i = 0; i < n; i++) {
                out[p++] = (byte) a.charAt(i);
            }
            out[p++] = '\r';
            out[p++] = '\n';
        }
        return out;
    }

    private static byte[][] utf8(String[] args) {
        byte[][] raw = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            raw[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return raw;
    }

    /** @return the bytes of a header line {@code <type><n>\r\n} for a non-negative {@code n} */
    private static int headerBytes(int n) {
        int digits = 1;
        for (int v = n; v >= 10; v /= 10) {
            digits++;
        }
        return 1 + digits + 2;
    }

    /** Writes {@code <type><n>\r\n} at {@code p}; @return the position after it */
    private static int header(byte[] out, int p, char type, int n) {
        out[p] = (byte) type;
        int end = p + headerBytes(n) - 2;
        int i = end;
        do {
            out[--i] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n != 0);
        out[end] = '\r';
        out[end + 1] = '\n';
        return end + 2;
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
