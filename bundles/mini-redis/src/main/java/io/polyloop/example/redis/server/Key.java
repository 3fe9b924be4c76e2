package io.polyloop.example.redis.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A key of the {@link Keyspace}: bytes compared by content. The array is owned by the key: never modified. */
final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key && hash == ((Key) o).hash && Arrays.equals(bytes, ((Key) o).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
