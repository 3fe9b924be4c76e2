package io.polyloop.example.redis.resp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RespDecoderTest {
    private static final String REPLIES = "+OK\r\n-ERR bad thing\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n$0\r\n\r\n"
            + "*-1\r\n*0\r\n*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n+x\r\n";

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Feeds {@code input} in pieces of {@code chunk} bytes, clearing the buffer between calls as a connection does. */
    private static List<Object> decodeAll(RespDecoder d, String input, int chunk) throws RespProtocolException {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            ByteBuffer piece = ByteBuffer.wrap(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunk)));
            Object v;
            while ((v = d.decode(piece)) != RespDecoder.INCOMPLETE) {
                values.add(v instanceof List ? new ArrayList<>((List<?>) v) : v); // a command's list is reused
            }
            assertTrue(!piece.hasRemaining(), "INCOMPLETE only once the input is used up");
        }
        return values;
    }

    @Test
    void everyReplyTypeWholeOrOneByteAtATime() throws Exception {
        for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
            List<Object> v = decodeAll(RespDecoder.forReplies(RespLimits.defaults()), REPLIES, chunk);
            assertEquals(9, v.size(), "chunk " + chunk);
            assertEquals("OK", v.get(0));
            assertEquals(new RespError("ERR bad thing"), v.get(1));
            assertEquals("ERR", ((RespError) v.get(1)).code());
            assertEquals(-42L, v.get(2));
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), (byte[]) v.get(3));
            assertNull(v.get(4));
            assertArrayEquals(new byte[0], (byte[]) v.get(5));
            assertNull(v.get(6));
            assertEquals(List.of(), v.get(7));
            List<?> nested = (List<?>) v.get(8);
            assertEquals(1L, nested.get(0));
            List<?> inner = (List<?>) nested.get(1);
            assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), (byte[]) inner.get(0));
            assertNull(inner.get(1));
            assertEquals("x", nested.get(2));
        }
    }

    @Test
    void writerOutputDecodesBack() throws Exception {
        RespWriter w = new RespWriter(4);
        w.simple("PONG").error("WRONGTYPE no").integer(Long.MIN_VALUE).integer(0).bulk("é".getBytes(StandardCharsets.UTF_8))
                .bulk((byte[]) null).nilArray().arrayHeader(2).integer(7).bulk("z");
        RespDecoder d = RespDecoder.forReplies(RespLimits.defaults());
        ByteBuffer in = w.buffer();
        assertEquals("PONG", d.decode(in));
        assertEquals("WRONGTYPE", ((RespError) d.decode(in)).code());
        assertEquals(Long.MIN_VALUE, d.decode(in));
        assertEquals(0L, d.decode(in));
        assertEquals("é", new String((byte[]) d.decode(in), StandardCharsets.UTF_8));
        assertNull(d.decode(in));
        assertNull(d.decode(in));
        assertEquals(7L, ((List<?>) d.decode(in)).get(0));
        assertSame(RespDecoder.INCOMPLETE, d.decode(in));
        assertTrue(d.isIdle());
    }

    @Test
    void bulkOverTheLimitFailsBeforeAllocating() {
        RespDecoder d = RespDecoder.forReplies(new RespLimits(64, 1024));
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> d.decode(ascii("$2000000000\r\n")));
        assertTrue(e.getMessage().contains("2000000000") && e.getMessage().contains("maxValueBytes"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> d.decode(ascii("+OK\r\n")), "unusable after a failure");
    }

    @Test
    void manySmallElementsOverTheLimitFail() {
        RespDecoder d = RespDecoder.forReplies(new RespLimits(64, 1024));
        assertThrows(RespProtocolException.class, () -> d.decode(ascii("*1000\r\n")), "cannot fit: rejected early");
        RespDecoder d2 = RespDecoder.forReplies(new RespLimits(64, 1024));
        StringBuilder sb = new StringBuilder("*300\r\n");
        for (int i = 0; i < 300; i++) {
            sb.append(":1\r\n");
        }
        RespProtocolException e = assertThrows(RespProtocolException.class, () -> decodeAll(d2, sb.toString(), 50));
        assertTrue(e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void overlongLineFails() {
        RespDecoder d = RespDecoder.forReplies(new RespLimits(32, 1024));
        RespProtocolException e = assertThrows(RespProtocolException.class,
                () -> decodeAll(d, "+" + "a".repeat(100), 10));
        assertTrue(e.getMessage().contains("maxLineBytes"), e.getMessage());
    }

    @Test
    void malformedInputIsNamed() {
        for (String bad : new String[] {"?x\r\n", ":12a\r\n", "$3\r\nabcd\r\n", "*-5\r\n", "+OK\n", ":99999999999999999999\r\n"}) {
            RespDecoder d = RespDecoder.forReplies(RespLimits.defaults());
            assertThrows(RespProtocolException.class, () -> decodeAll(d, bad, 1), bad);
        }
    }

    @Test
    void commandsMultibulkAndInline() throws Exception {
        RespDecoder d = RespDecoder.forCommands(RespLimits.defaults());
        String input = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n\r\nSET  a \"b c\\x41\\n\" 'it\\'s'\n*0\r\nPING\r\n";
        for (int chunk : new int[] {1, 5, 1000}) {
            List<Object> v = decodeAll(RespDecoder.forCommands(RespLimits.defaults()), input, chunk);
            assertEquals(3, v.size());
            assertEquals(List.of("GET", "k"), strings(v.get(0)));
            assertEquals(List.of("SET", "a", "b cA\n", "it's"), strings(v.get(1)));
            assertEquals(List.of("PING"), strings(v.get(2)));
        }
        assertThrows(RespProtocolException.class, () -> d.decode(ascii("*1\r\n:1\r\n")));
        assertThrows(RespProtocolException.class, () -> RespDecoder.forCommands(RespLimits.defaults())
                .decode(ascii("GET \"unterminated\r\n")));
    }

    private static List<String> strings(Object command) {
        List<String> s = new ArrayList<>();
        for (Object o : (List<?>) command) {
            s.add(new String((byte[]) o, StandardCharsets.UTF_8));
        }
        return s;
    }
}
