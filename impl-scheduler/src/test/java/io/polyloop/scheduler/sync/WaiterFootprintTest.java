package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jol.info.GraphLayout;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a wait costs, measured: the bytes a waiting acquire retains (JOL, walking the graph of a semaphore with 1,000
 * waiters: the {@link Waiter} and its inner task), and the bytes an acquire that succeeds at once allocates (the
 * thread's allocation counter over many). Printed for the notes; the assertions only guard against a regression far
 * past today's figures.
 */
@Timeout(120)
class WaiterFootprintTest {
    static {
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private static final int WAITERS = 1_000;

    @Test
    void bytesRetainedPerWaitingAcquireAndAllocatedPerImmediateOne() {
        ManualLoop loop = new ManualLoop();
        SemaphoreImpl sem = new SemaphoreImpl(0, Integer.MAX_VALUE, () -> loop);
        long before = syncBytes(GraphLayout.parseInstance(sem, loop));
        Task<?>[] waiting = new Task<?>[WAITERS];
        for (int i = 0; i < WAITERS; i++) {
            waiting[i] = sem.acquire();
        }
        long retained = (syncBytes(GraphLayout.parseInstance(sem, loop, waiting)) - before) / WAITERS;
        for (Task<?> t : waiting) {
            assertTrue(t.cancel());
        }
        assertEquals(0, sem.waiting());

        SemaphoreImpl open = new SemaphoreImpl(1, Integer.MAX_VALUE, () -> loop);
        long allocated = allocatedPerAcquire(open, 10_000); // warm up: the figure is of compiled code
        allocated = Math.min(allocated, allocatedPerAcquire(open, 100_000));
        System.out.printf("sync footprint: a waiting acquire retains %d bytes (Waiter + inner LoopTask); an"
                + " acquire granted at once allocates %d bytes%n", retained, allocated);
        assertTrue(retained > 0 && retained <= 96, "waiting acquire retains " + retained + " bytes");
        assertTrue(allocated <= 64, "an immediate acquire allocates " + allocated + " bytes");
    }

    private static long allocatedPerAcquire(SemaphoreImpl sem, int n) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long start = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < n; i++) {
            sem.acquire();
            sem.release();
        }
        return (mx.getThreadAllocatedBytes(id) - start) / n;
    }

    /** @return bytes of polyloop's and CompletableFuture's objects in the graph (what a wait is made of) */
    private static long syncBytes(GraphLayout graph) {
        long sum = 0;
        for (Class<?> c : graph.getClasses()) {
            String n = c.getName();
            if (n.startsWith("io.polyloop.") || n.startsWith("java.util.concurrent.CompletableFuture")) {
                sum += graph.getClassSizes().count(c);
            }
        }
        return sum;
    }
}
