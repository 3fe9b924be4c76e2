package io.polyloop.conformance;

import java.nio.ByteBuffer;

/** A deterministic byte stream: byte {@code i} of stream {@code seed} is a function of both. Stateless. */
public final class StreamPattern {
    private StreamPattern() {
    }

    public static byte at(long seed, long i) {
        long x = i * 0x9E3779B97F4A7C15L + seed;
        return (byte) (x >>> 56 ^ i >>> 13);
    }

    /** Fills {@code dst} from its position to its limit with bytes {@code from..}; position unchanged. */
    public static void fill(ByteBuffer dst, long seed, long from) {
        for (int i = dst.position(), n = 0; i < dst.limit(); i++, n++) {
            dst.put(i, at(seed, from + n));
        }
    }

    /** @return the stream index of the first byte that differs, or -1 if {@code src[pos, pos+len)} matches */
    public static long mismatch(ByteBuffer src, int pos, int len, long seed, long from) {
        for (int n = 0; n < len; n++) {
            if (src.get(pos + n) != at(seed, from + n)) {
                return from + n;
            }
        }
        return -1;
    }
}
