package io.polyloop.scheduler.net;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The SEND requests of one loop's connections, lent to a {@link WriteSide} while it has bytes to send and given back
 * when its writes are done: an idle connection holds no request (88 bytes) and no gather array (80 bytes), and a busy
 * one takes and returns one per burst of writes without allocating. Bound: at most {@value #MAX_KEPT} free slots per
 * loop (about 190 bytes each); a slot returned beyond that is left to the garbage collector, and one taken from an
 * empty list is new, so more sends in flight at once than that cost an allocation each.
 *
 * <p>Not thread safe: used by the sides of one loop's connections, so on the thread that runs that loop (its
 * successor's once it is retired, which then runs all of them).
 */
final class SendSlots {
    static final int MAX_KEPT = 4096;
    /** One pool per loop, found when a connection is made (not per send); weak: a loop that is gone drops its own. */
    private static final Map<EventLoop, SendSlots> BY_LOOP = Collections.synchronizedMap(new WeakHashMap<>());

    /** A request and the gather array of its vectored SENDs. */
    static final class Slot {
        final IoRequest request = new IoRequest();
        /** Callers' direct buffers of a gathering SEND, made by the first; empty (all null) while free. */
        ByteBuffer[] iov;
    }

    private Slot[] free = new Slot[16];
    private int count;
    /** Slots made so far: once no write waits, {@link #kept()} equals it unless more than the bound were out. */
    private int made;

    private SendSlots() {
    }

    /** @return the slots of {@code loop}'s connections. Any thread. */
    static SendSlots of(EventLoop loop) {
        return BY_LOOP.computeIfAbsent(loop, l -> new SendSlots());
    }

    /** @return a free slot (its request idle), or a new one */
    Slot take() {
        if (count == 0) {
            made++;
            return new Slot();
        }
        Slot s = free[--count];
        free[count] = null;
        return s;
    }

    /** Takes back a slot whose request is not with the driver and whose gather array holds no buffer. */
    void give(Slot s) {
        if (count == free.length) {
            if (count == MAX_KEPT) {
                return;
            }
            free = java.util.Arrays.copyOf(free, Math.min(MAX_KEPT, 2 * count));
        }
        free[count++] = s;
    }

    /** @return free slots kept (tests) */
    int kept() {
        return count;
    }

    /** @return slots made so far (tests) */
    int made() {
        return made;
    }
}
