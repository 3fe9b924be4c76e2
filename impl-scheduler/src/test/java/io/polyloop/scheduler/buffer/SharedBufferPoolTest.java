package io.polyloop.scheduler.buffer;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.polyloop.epoll.EpollBackendProvider;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class SharedBufferPoolTest {

    @Test
    void sizesRoundUpToPowersOfTwoAndBuffersAreReused() {
        SharedBufferPool pool = new SharedBufferPool(1 << 20);
        PooledBuffer a = pool.acquire(5000);
        assertEquals(8192, a.buffer().capacity());
        assertTrue(a.buffer().isDirect());
        assertEquals(BufferPool.MIN_CAPACITY, pool.acquire(0).buffer().capacity());
        var first = a.buffer();
        first.putInt(42);
        a.close();
        PooledBuffer b = pool.acquire(8192);
        assertSame(first, b.buffer(), "reused");
        assertEquals(0, b.buffer().position(), "cleared");
        b.close();
        var e = assertThrows(IllegalArgumentException.class, () -> pool.acquire(BufferPool.MAX_CAPACITY + 1));
        assertTrue(e.getMessage().contains("accepted: 0 to " + BufferPool.MAX_CAPACITY), e.getMessage());
    }

    @Test
    void whatIsRetainedStaysUnderTheBound() {
        SharedBufferPool pool = new SharedBufferPool(64 * 1024);
        List<PooledBuffer> loans = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            loans.add(pool.acquire(16 * 1024));
        }
        assertEquals(32, pool.outstanding());
        loans.forEach(PooledBuffer::close);
        assertEquals(0, pool.outstanding());
        assertEquals(64 * 1024, pool.retainedBytes(), "4 of the 32 kept, the rest left to the GC");
        assertTrue(pool.retainedBytes() <= pool.maxRetainedBytes());
        PooledBuffer again = pool.acquire(16 * 1024);
        assertEquals(48 * 1024, pool.retainedBytes());
        again.close();
    }

    /**
     * A loop thread's returns go to its own free list (no queue node) and its next loans come from there, last
     * returned first; returns from other threads and past the list's bound go to the shared lists; everything kept
     * counts in retainedBytes and under its bound; when the loop's thread ends, what its list kept is uncounted.
     */
    @Test
    void loopThreadsKeepTheirOwnFreeBuffersUnderTheBoundAndOthersStillReturnSafely() throws Exception {
        SharedBufferPool pool = new SharedBufferPool(2 << 20, 1);
        IoRuntime rt = IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll")
                .strategy("single-threaded").build();
        try {
            int n = 300; // 1.2 MiB of 4 KiB buffers: more than a local list keeps (128 slots, 1 MiB)
            Set<ByteBuffer> first = Collections.newSetFromMap(new IdentityHashMap<>());
            List<PooledBuffer> loans = rt.submit(() -> {
                List<PooledBuffer> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    l.add(pool.acquire(4096));
                }
                return l;
            }).get(10, TimeUnit.SECONDS);
            loans.forEach(l -> first.add(l.buffer()));
            assertEquals(n, pool.outstanding());
            await(rt.submit(() -> { // closed on the loop: 128 to its own list, the rest shared
                loans.forEach(PooledBuffer::close);
                return null;
            }));
            assertEquals(0, pool.outstanding());
            assertEquals(n * 4096L, pool.retainedBytes(), "the loop's list counts too");
            List<PooledBuffer> again = await(rt.submit(() -> {
                List<PooledBuffer> l = new ArrayList<>();
                PooledBuffer last = pool.acquire(4096);
                ByteBuffer lastBuffer = last.buffer();
                last.close();
                PooledBuffer same = pool.acquire(4096);
                assertSame(lastBuffer, same.buffer(), "the loop's list is LIFO");
                l.add(same);
                for (int i = 1; i < n; i++) {
                    l.add(pool.acquire(4096));
                }
                return l;
            }));
            for (PooledBuffer l : again) {
                assertTrue(first.contains(l.buffer()), "every buffer reused, from the loop's list or the shared one");
            }
            assertEquals(0, pool.retainedBytes());
            again.forEach(PooledBuffer::close); // from another thread: to the shared lists, up to the bound
            assertEquals(0, pool.outstanding());
            assertEquals(n * 4096L, pool.retainedBytes());
            List<PooledBuffer> big = await(rt.submit(() -> { // 3 MiB, over the 2 MiB bound when closed on the loop
                List<PooledBuffer> l = new ArrayList<>();
                for (int i = 0; i < 48; i++) {
                    l.add(pool.acquire(64 * 1024));
                }
                return l;
            }));
            await(rt.submit(() -> {
                big.forEach(PooledBuffer::close);
                return null;
            }));
            assertTrue(pool.retainedBytes() <= pool.maxRetainedBytes(), "bound kept: " + pool.retainedBytes());
            assertTrue(await(rt.submit(() -> {
                PooledBuffer b = pool.acquire(64 * 1024); // the loop's own list has some
                b.close();
                return true;
            })));
        } finally {
            rt.close();
        }
        long shared = pool.retainedBytes();
        for (int i = 0; i < 100 && pool.retainedBytes() == shared; i++) { // the loop thread ended: its list goes
            System.gc();
            Thread.sleep(50);
        }
        assertTrue(pool.retainedBytes() < shared, "what the ended loop's list kept is no longer counted: "
                + pool.retainedBytes());
    }

    private static <T> T await(io.polyloop.api.Task<T> t) throws Exception {
        return t.get(10, TimeUnit.SECONDS);
    }

    @Test
    void misuseIsRefused() {
        SharedBufferPool pool = new SharedBufferPool(1 << 20);
        PooledBuffer a = pool.acquire(100);
        a.close();
        assertThrows(IllegalStateException.class, a::close);
        assertThrows(IllegalStateException.class, a::buffer);
        assertThrows(IllegalArgumentException.class, () -> new SharedBufferPool(-1));
        assertEquals(0, pool.leaks());
    }

    @Test
    void aLoanDroppedWithoutCloseIsDetectedAsALeak() throws Exception {
        SharedBufferPool pool = new SharedBufferPool(1 << 20, 1); // every loan tracked
        PooledBuffer kept = pool.acquire(100);
        dropOne(pool);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (pool.leaks() == 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(1, pool.leaks());
        assertEquals(1, pool.outstanding(), "the leaked loan no longer counts; the kept one does");
        assertNotSame(null, kept.buffer());
        kept.close();
        assertEquals(0, pool.outstanding());
        assertEquals(1, pool.leaks(), "a closed loan is never reported");
    }

    @Test
    void sampledTrackingKeepsOutstandingExactAndCountsOnlyTrackedLeaks() throws Exception {
        SharedBufferPool pool = new SharedBufferPool(1 << 20, 16);
        assertEquals(16, pool.leakSampling());
        List<PooledBuffer> loans = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            loans.add(pool.acquire(100));
        }
        assertEquals(3000, pool.outstanding(), "every loan is counted, tracked or not");
        loans.subList(0, 1000).forEach(PooledBuffer::close);
        assertEquals(2000, pool.outstanding());
        loans.clear(); // the other 2000 dropped without close: about 1 in 16 is tracked
        long deadline = System.nanoTime() + 20_000_000_000L;
        long seen = -1;
        int still = 0;
        while (still < 3 && System.nanoTime() < deadline) { // until the count has not moved for 3 polls
            System.gc();
            Thread.sleep(100);
            long now = pool.leaks();
            still = now > 0 && now == seen ? still + 1 : 0;
            seen = now;
        }
        long leaks = pool.leaks();
        assertTrue(leaks > 0 && leaks < 2000, "tracked leaks found: " + leaks); // none tracked: p = (15/16)^2000
        assertEquals(2000 - leaks, pool.outstanding(), "a found leak leaves outstanding; an untracked one stays in it");
    }

    @Test
    void leakSamplingBelowOneIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SharedBufferPool(1 << 20, 0));
        assertTrue(e.getMessage().contains("leak sampling 0") && e.getMessage().contains("accepted: 1"),
                e.getMessage());
    }

    private static void dropOne(SharedBufferPool pool) {
        pool.acquire(100).buffer().put((byte) 1); // and forget it
    }
}
