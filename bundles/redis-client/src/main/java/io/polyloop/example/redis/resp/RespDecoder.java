package io.polyloop.example.redis.resp;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental RESP2 decoder: feed it bytes as they arrive, take whole values out. Partial input is kept inside
 * (a header line being read, a bulk string being filled, the arrays being built), so no byte is parsed twice and the
 * caller's buffer can be cleared after each call. Bounded by {@link RespLimits}: a line, a bulk string or a whole
 * value past its limit fails at once, before anything that large is allocated.
 *
 * <p>Values, as decoded: simple string → {@link String}, error → {@link RespError}, integer → {@link Long}, bulk
 * string → {@code byte[]} ({@code null} for the nil bulk {@code $-1}), array → {@code List<Object>} ({@code null} for
 * the nil array {@code *-1}).
 *
 * <p>{@link #forCommands} decodes what a server receives instead: each command (an array of bulk strings, or an
 * inline line of space-separated words as typed into telnet) as a {@code List<byte[]>}; empty lines and empty arrays
 * are skipped, as Redis does. The list of a multibulk command is reused by the next call of {@link #decode}: take
 * what you need from it first (its byte arrays are not reused).
 *
 * <p>After a {@link RespProtocolException} the stream cannot be resynchronised: the connection must be closed. Not
 * thread safe.
 */
public final class RespDecoder {
    /** Returned by {@link #decode} when the input ends before a whole value. */
    public static final Object INCOMPLETE = new Object() {
        @Override
        public String toString() {
            return "INCOMPLETE";
        }
    };
    /** A step that consumed input without completing a value. */
    private static final Object NONE = new Object();
    /** The smallest element on the wire ("+\r\n"), to bound a declared array length before allocating for it. */
    private static final int MIN_ELEMENT_BYTES = 3;

    private enum State { LINE, BULK, BULK_CR, BULK_LF }

    private static final class Frame {
        final List<Object> items;
        int remaining;

        Frame(int count) {
            items = new ArrayList<>(Math.min(count, 1024));
            remaining = count;
        }
    }

    private final RespLimits limits;
    private final boolean commands;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    /** Commands mode: the frame of every command of up to {@value #REUSED_ARGUMENTS} arguments, cleared each time. */
    private final Frame command = new Frame(16);
    private static final int REUSED_ARGUMENTS = 1024;
    private State state = State.LINE;
    private byte[] line = new byte[128];
    private int lineLength;
    private byte[] bulk;
    private int bulkFilled;
    private long valueBytes;
    private boolean failed;

    private RespDecoder(RespLimits limits, boolean commands) {
        this.limits = limits;
        this.commands = commands;
    }

    /** @return a decoder of replies, as a client receives them */
    public static RespDecoder forReplies(RespLimits limits) {
        return new RespDecoder(limits, false);
    }

    /** @return a decoder of commands, as a server receives them: each a {@code List<byte[]>} */
    public static RespDecoder forCommands(RespLimits limits) {
        return new RespDecoder(limits, true);
    }

    /**
     * Consumes bytes of {@code src} up to the end of the next whole value.
     *
     * @return the value (which may be {@code null}), or {@link #INCOMPLETE} once {@code src} is used up
     * @throws RespProtocolException if the input is not RESP2 or exceeds a limit; the decoder is unusable after
     */
    public Object decode(ByteBuffer src) throws RespProtocolException {
        if (failed) {
            throw new IllegalStateException("the decoder failed on earlier input: close the connection");
        }
        try {
            while (src.hasRemaining()) {
                Object value;
                switch (state) {
                    case LINE:
                        if (!readLine(src)) {
                            return INCOMPLETE;
                        }
                        value = onLine();
                        break;
                    case BULK:
                        value = fillBulk(src);
                        break;
                    default:
                        value = bulkTerminator(src.get());
                        break;
                }
                if (value != NONE) {
                    value = nest(value);
                    if (value != NONE) {
                        valueBytes = 0;
                        return value;
                    }
                }
            }
            return INCOMPLETE;
        } catch (RespProtocolException e) {
            failed = true;
            throw e;
        }
    }

    /** @return true when no partial value is held */
    public boolean isIdle() {
        return state == State.LINE && lineLength == 0 && stack.isEmpty();
    }

    private boolean readLine(ByteBuffer src) throws RespProtocolException {
        int start = src.position();
        int end = src.limit();
        for (int i = start; i < end; i++) {
            byte b = src.get(i);
            if (b == '\n') {
                src.position(i + 1);
                count(i + 1 - start);
                return true;
            }
            if (lineLength > limits.maxLineBytes()) { // the CR may come on top of the limit
                throw new RespProtocolException("line longer than " + limits.maxLineBytes()
                        + " bytes (maxLineBytes) without CRLF");
            }
            if (lineLength == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(lineLength * 2, limits.maxLineBytes() + 1));
            }
            line[lineLength++] = b;
        }
        src.position(end);
        count(end - start);
        return false;
    }

    private Object onLine() throws RespProtocolException {
        int length = lineLength;
        lineLength = 0;
        boolean cr = length > 0 && line[length - 1] == '\r';
        if (cr) {
            length--;
        }
        if (commands && stack.isEmpty() && (length == 0 || line[0] != '*')) {
            // Inline command: a bare LF ends it too, as in Redis (telnet users).
            List<byte[]> words = InlineCommand.split(line, length);
            return words.isEmpty() ? skip() : words;
        }
        if (!cr) {
            throw new RespProtocolException("line not terminated by CRLF: '" + printable(0, length) + "'");
        }
        if (length == 0) {
            throw new RespProtocolException("empty line where a RESP type (+ - : $ *) was expected");
        }
        byte type = line[0];
        if (commands && !stack.isEmpty() && type != '$') {
            throw new RespProtocolException("expected '$' (a bulk string) in a command, got '" + (char) type + "'");
        }
        switch (type) {
            case '+':
                return simple(length);
            case '-':
                return new RespError(new String(line, 1, length - 1, java.nio.charset.StandardCharsets.UTF_8));
            case ':':
                return number(length, "integer");
            case '$':
                return startBulk(number(length, "bulk length"));
            case '*':
                return startArray(number(length, "array length"));
            default:
                throw new RespProtocolException("unexpected '" + printable(0, 1) + "' where a RESP type (+ - : $ *)"
                        + " was expected, in line '" + printable(0, length) + "'");
        }
    }

    /** The status replies of nearly every write (+OK) and of PING (+PONG), without a new String each. */
    private Object simple(int length) {
        if (length == 3 && line[1] == 'O' && line[2] == 'K') {
            return "OK";
        }
        if (length == 5 && line[1] == 'P' && line[2] == 'O' && line[3] == 'N' && line[4] == 'G') {
            return "PONG";
        }
        return new String(line, 1, length - 1, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Object startBulk(long n) throws RespProtocolException {
        if (n == -1) {
            if (commands) {
                throw new RespProtocolException("nil bulk string ($-1) in a command");
            }
            return null;
        }
        long room = limits.maxValueBytes() - valueBytes - 2;
        if (n < -1 || n > room) {
            throw new RespProtocolException(n < -1 ? "bulk length " + n + " is negative"
                    : "bulk string of " + n + " bytes exceeds the limit of " + limits.maxValueBytes()
                    + " bytes per value (maxValueBytes)");
        }
        bulk = new byte[(int) n];
        bulkFilled = 0;
        state = n == 0 ? State.BULK_CR : State.BULK;
        return NONE;
    }

    private Object startArray(long n) throws RespProtocolException {
        if (n < -1) {
            throw new RespProtocolException("array length " + n + " is negative");
        }
        if (n > (limits.maxValueBytes() - valueBytes) / MIN_ELEMENT_BYTES) {
            throw new RespProtocolException("array of " + n + " elements cannot fit the limit of "
                    + limits.maxValueBytes() + " bytes per value (maxValueBytes)");
        }
        if (n <= 0) {
            if (commands) {
                return skip(); // Redis ignores *0 and *-1 requests
            }
            return n == -1 ? null : new ArrayList<>(0);
        }
        if (commands && n <= REUSED_ARGUMENTS) {
            command.items.clear(); // commands are not nested: this is the top level
            command.remaining = (int) n;
            stack.push(command);
        } else {
            stack.push(new Frame((int) n));
        }
        return NONE;
    }

    private Object fillBulk(ByteBuffer src) throws RespProtocolException {
        int n = Math.min(src.remaining(), bulk.length - bulkFilled);
        src.get(bulk, bulkFilled, n);
        bulkFilled += n;
        count(n);
        if (bulkFilled == bulk.length) {
            state = State.BULK_CR;
        }
        return NONE;
    }

    private Object bulkTerminator(byte b) throws RespProtocolException {
        count(1);
        if (state == State.BULK_CR && b == '\r') {
            state = State.BULK_LF;
            return NONE;
        }
        if (state == State.BULK_LF && b == '\n') {
            state = State.LINE;
            byte[] value = bulk;
            bulk = null;
            return value;
        }
        throw new RespProtocolException("bulk string of " + bulk.length + " bytes not followed by CRLF (got byte "
                + (b & 0xff) + ")");
    }

    private Object nest(Object value) {
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            top.items.add(value);
            if (--top.remaining > 0) {
                return NONE;
            }
            stack.pop();
            value = top.items;
        }
        return value;
    }

    private Object skip() {
        valueBytes = 0;
        return NONE;
    }

    private void count(int n) throws RespProtocolException {
        valueBytes += n;
        if (valueBytes > limits.maxValueBytes()) {
            throw new RespProtocolException("value larger than " + limits.maxValueBytes()
                    + " bytes (maxValueBytes)");
        }
    }

    private long number(int length, String what) throws RespProtocolException {
        int i = 1;
        boolean negative = length > 1 && line[1] == '-';
        if (negative) {
            i++;
        }
        if (i == length) {
            throw new RespProtocolException(what + " missing in line '" + printable(0, length) + "'");
        }
        long value = 0; // accumulated negatively: Long.MIN_VALUE has no positive counterpart
        for (; i < length; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9 || value < (Long.MIN_VALUE + digit) / 10) {
                throw new RespProtocolException(what + " '" + printable(1, length - 1) + "' is not a 64-bit integer");
            }
            value = value * 10 - digit;
        }
        if (!negative && value == Long.MIN_VALUE) {
            throw new RespProtocolException(what + " '" + printable(1, length - 1) + "' is not a 64-bit integer");
        }
        return negative ? value : -value;
    }

    private String printable(int from, int length) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + Math.min(length, 64); i++) {
            int c = line[i] & 0xff;
            sb.append(c >= 32 && c < 127 ? Character.toString(c) : String.format("\\x%02x", c));
        }
        return length > 64 ? sb + "…" : sb.toString();
    }
}
