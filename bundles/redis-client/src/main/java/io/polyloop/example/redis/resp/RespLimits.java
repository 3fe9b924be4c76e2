package io.polyloop.example.redis.resp;

/**
 * The bounds a {@link RespDecoder} enforces, so that a peer can never make it buffer without limit: a value past
 * one of them fails decoding with a {@link RespProtocolException} naming the limit.
 *
 * @param maxLineBytes  longest header or simple-string/error/inline line, CRLF excluded
 * @param maxValueBytes largest whole value (a reply, or a command): every byte of it on the wire counts, nested
 *                      arrays included
 */
public record RespLimits(int maxLineBytes, long maxValueBytes) {
    /** Redis's own inline limit is 64 KiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** Redis's proto-max-bulk-len is 512 MiB; a client of small values wants far less. */
    public static final long DEFAULT_MAX_VALUE_BYTES = 64L * 1024 * 1024;

    public RespLimits {
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("maxLineBytes=" + maxLineBytes + " is too small; accepted: 16 or more");
        }
        if (maxValueBytes < maxLineBytes || maxValueBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxValueBytes=" + maxValueBytes + " is out of range; accepted: "
                    + maxLineBytes + " (maxLineBytes) to " + Integer.MAX_VALUE);
        }
    }

    public static RespLimits defaults() {
        return new RespLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_VALUE_BYTES);
    }

    public static RespLimits ofMaxValueBytes(long maxValueBytes) {
        return new RespLimits((int) Math.min(DEFAULT_MAX_LINE_BYTES, maxValueBytes), maxValueBytes);
    }
}
