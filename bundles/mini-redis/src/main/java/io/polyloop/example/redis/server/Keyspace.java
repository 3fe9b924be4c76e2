package io.polyloop.example.redis.server;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The in-memory data: string values with an optional expiry time. Expired entries are dropped when touched (lazy,
 * as Redis does) and by {@link #sweep}, which the server runs periodically over a bounded slice of the keys. At most
 * {@code maxKeys} keys (checked before a new key is added; connections on different loops may overshoot by one each).
 * Thread safe: connections on any loop share it.
 */
final class Keyspace {
    /** A value and when it expires, in epoch milliseconds ({@link #NEVER} if it does not). Immutable. */
    record Entry(byte[] value, long expiresAt) {
        boolean expired(long now) {
            return expiresAt != NEVER && expiresAt <= now;
        }
    }

    static final long NEVER = 0;

    private final ConcurrentHashMap<Key, Entry> map = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final long maxKeys;
    private Iterator<Map.Entry<Key, Entry>> sweepCursor;

    Keyspace(LongSupplier clockMillis, long maxKeys) {
        this.clock = clockMillis;
        this.maxKeys = maxKeys;
    }

    long now() {
        return clock.getAsLong();
    }

    /** @return the live entry of {@code key}, or null */
    Entry get(Key key) {
        Entry e = map.get(key);
        if (e != null && e.expired(now())) {
            map.remove(key, e);
            return null;
        }
        return e;
    }

    /**
     * Sets {@code key} without conditions or expiry (plain SET), in one map operation.
     *
     * @throws KeyLimitException if the key is new and the keyspace is full
     */
    void put(Key key, byte[] value) {
        if (map.mappingCount() >= maxKeys && !map.containsKey(key)) {
            throw new KeyLimitException(maxKeys);
        }
        map.put(key, new Entry(value, NEVER));
    }

    /**
     * Sets {@code key}, if allowed by the conditions.
     *
     * @param expiresAt  epoch milliseconds, {@link #NEVER}, or -1 to keep the current expiry (KEEPTTL)
     * @param ifAbsent   NX
     * @param ifPresent  XX
     * @return true if set
     * @throws KeyLimitException if the key is new and the keyspace is full
     */
    boolean set(Key key, byte[] value, long expiresAt, boolean ifAbsent, boolean ifPresent) {
        long now = now();
        boolean[] done = new boolean[1];
        map.compute(key, (k, old) -> {
            Entry live = old == null || old.expired(now) ? null : old;
            if ((ifAbsent && live != null) || (ifPresent && live == null)) {
                return live;
            }
            if (live == null) {
                requireRoom();
            }
            done[0] = true;
            return new Entry(value, expiresAt == -1 ? (live == null ? NEVER : live.expiresAt) : expiresAt);
        });
        return done[0];
    }

    /**
     * @return the value after adding {@code delta}
     * @throws NumberFormatException if the value is not a 64-bit decimal integer
     * @throws ArithmeticException   on overflow
     */
    long add(Key key, long delta) {
        long now = now();
        long[] result = new long[1];
        map.compute(key, (k, old) -> {
            Entry live = old == null || old.expired(now) ? null : old;
            if (live == null) {
                requireRoom();
            }
            long current = live == null ? 0 : parseInteger(live.value);
            result[0] = Math.addExact(current, delta);
            return new Entry(Long.toString(result[0]).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    live == null ? NEVER : live.expiresAt);
        });
        return result[0];
    }

    boolean delete(Key key) {
        Entry e = map.remove(key);
        return e != null && !e.expired(now());
    }

    /** @return true if {@code key} exists and now expires at {@code expiresAt} (in the past: deleted) */
    boolean expireAt(Key key, long expiresAt) {
        long now = now();
        boolean[] done = new boolean[1];
        map.computeIfPresent(key, (k, old) -> {
            if (old.expired(now)) {
                return null;
            }
            done[0] = true;
            return expiresAt <= now ? null : new Entry(old.value, expiresAt);
        });
        return done[0];
    }

    /** @return true if {@code key} had an expiry and now has none */
    boolean persist(Key key) {
        boolean[] done = new boolean[1];
        map.computeIfPresent(key, (k, old) -> {
            if (old.expired(now()) || old.expiresAt == NEVER) {
                return old;
            }
            done[0] = true;
            return new Entry(old.value, NEVER);
        });
        return done[0];
    }

    /** @return milliseconds to live, -1 without expiry, -2 if absent (as PTTL) */
    long pttl(Key key) {
        Entry e = get(key);
        if (e == null) {
            return -2;
        }
        return e.expiresAt == NEVER ? -1 : Math.max(0, e.expiresAt - now());
    }

    long size() {
        return map.mappingCount();
    }

    void clear() {
        map.clear();
    }

    /**
     * Drops expired entries among the next {@code budget} keys, resuming where the last sweep stopped. Called from
     * one timer chain at a time.
     *
     * @return the number dropped
     */
    int sweep(int budget) {
        long now = now();
        int dropped = 0;
        for (int i = 0; i < budget; i++) {
            if (sweepCursor == null || !sweepCursor.hasNext()) {
                sweepCursor = map.entrySet().iterator();
                if (!sweepCursor.hasNext()) {
                    break;
                }
            }
            Map.Entry<Key, Entry> e = sweepCursor.next();
            if (e.getValue().expired(now) && map.remove(e.getKey(), e.getValue())) {
                dropped++;
            }
        }
        return dropped;
    }

    private void requireRoom() {
        if (map.mappingCount() >= maxKeys) {
            throw new KeyLimitException(maxKeys);
        }
    }

    static long parseInteger(byte[] value) {
        if (value.length == 0 || value.length > 20) {
            throw new NumberFormatException();
        }
        return Long.parseLong(new String(value, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The keyspace holds {@code maxKeys} keys: a new one is refused. */
    static final class KeyLimitException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KeyLimitException(long maxKeys) {
            super("OOM the keyspace holds maxKeys=" + maxKeys + " keys; delete keys or raise maxKeys", null, false,
                    false);
        }
    }
}
