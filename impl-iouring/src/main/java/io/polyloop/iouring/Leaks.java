package io.polyloop.iouring;

import java.util.ArrayList;
import java.util.List;

/**
 * Drivers whose close timed out waiting for the kernel: kept reachable for the life of the class loader, so that no
 * buffer, scratch block or ring the kernel might still write is collected or freed. Should stay empty; its size is
 * reported in the log when it grows. Thread safe.
 */
final class Leaks {
    private static final List<Object> KEPT = new ArrayList<>();

    private Leaks() {
    }

    static synchronized void keep(Object driver) {
        KEPT.add(driver);
    }

    static synchronized int size() {
        return KEPT.size();
    }
}
