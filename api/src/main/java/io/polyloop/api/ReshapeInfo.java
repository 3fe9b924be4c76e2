package io.polyloop.api;

/**
 * The runtime's live changes of {@code strategy} or {@code threads} (a reshape: loops are added, retired into
 * others, or put under another policy) and the last one of them.
 *
 * @param count             reshapes done since start (a change that is undone counts twice: there and back)
 * @param lastEpochMillis   when the last one ended (wall clock), 0 if none
 * @param from              the shape before the last one, as {@code strategy/loops}, e.g. {@code thread-per-core/3};
 *                          empty if none
 * @param to                the shape after it, same form; empty if none
 * @param tookNanos         how long the last one took, from start to every move done
 * @param longestPauseNanos the longest pause of one loop in the last one (a retiring loop packs until its heir has
 *                          taken everything); 0 when no loop retired
 * @param failure           why the last one could not move everything, or {@code null} if it did
 */
public record ReshapeInfo(long count, long lastEpochMillis, String from, String to, long tookNanos,
                          long longestPauseNanos, String failure) {
    /** No reshape yet. */
    public static final ReshapeInfo NONE = new ReshapeInfo(0, 0, "", "", 0, 0, null);

    /**
     * @return one line for status views: {@code none}, or the count and the last one, e.g. {@code 2 reshape(s);
     *         last: thread-per-core/1 -> thread-per-core/3 at 2026-11-21T10:20:00Z in 12.300 ms, longest loop pause
     *         0.000 ms}, with {@code ; partly failed: why} when it could not move everything
     */
    public String summary() {
        if (count == 0) {
            return "none";
        }
        return String.format(java.util.Locale.ROOT, "%d reshape(s); last: %s -> %s at %s in %.3f ms, longest loop"
                + " pause %.3f ms%s", count, from, to, java.time.Instant.ofEpochMilli(lastEpochMillis), tookNanos / 1e6,
                longestPauseNanos / 1e6, failure == null ? "" : "; partly failed: " + failure);
    }

    /** @return {@code strategy/loops}, the form of {@link #from} and {@link #to} */
    public static String shape(Strategy strategy, int loops) {
        return strategy.configName() + "/" + loops;
    }
}
