package io.polyloop.example.redis.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Maps decoded replies to the Java types of {@link RedisClient}'s typed commands. */
final class Replies {
    private Replies() {
    }

    static Void ok(String command, Object reply) {
        if (!"OK".equals(reply)) {
            throw unexpected(command, reply, "+OK");
        }
        return null;
    }

    static long integer(String command, Object reply) {
        if (!(reply instanceof Long)) {
            throw unexpected(command, reply, "an integer");
        }
        return (Long) reply;
    }

    static boolean flag(String command, Object reply) {
        return integer(command, reply) == 1L;
    }

    static String text(String command, Object reply) {
        if (reply instanceof String) {
            return (String) reply;
        }
        return utf8(command, reply);
    }

    /** @return a bulk string as UTF-8, or null for nil */
    static String utf8(String command, Object reply) {
        byte[] bytes = bytes(command, reply);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String command, Object reply) {
        if (reply != null && !(reply instanceof byte[])) {
            throw unexpected(command, reply, "a bulk string");
        }
        return (byte[]) reply;
    }

    static List<String> utf8List(String command, Object reply) {
        if (!(reply instanceof List)) {
            throw unexpected(command, reply, "an array");
        }
        List<?> items = (List<?>) reply;
        List<String> values = new ArrayList<>(items.size());
        for (Object item : items) {
            values.add(utf8(command, item));
        }
        return values;
    }

    private static IllegalStateException unexpected(String command, Object reply, String expected) {
        return new IllegalStateException("unexpected reply to " + command + ": " + describe(reply) + ", expected "
                + expected);
    }

    static String describe(Object reply) {
        if (reply == null) {
            return "nil";
        }
        if (reply instanceof byte[]) {
            byte[] b = (byte[]) reply;
            String s = new String(b, 0, Math.min(b.length, 40), StandardCharsets.UTF_8);
            return "bulk string '" + s + (b.length > 40 ? "…" : "") + "' (" + b.length + " bytes)";
        }
        if (reply instanceof List) {
            return "array of " + ((List<?>) reply).size();
        }
        if (reply instanceof Long) {
            return "integer " + reply;
        }
        return reply instanceof String ? "simple string '" + reply + "'" : String.valueOf(reply);
    }
}
