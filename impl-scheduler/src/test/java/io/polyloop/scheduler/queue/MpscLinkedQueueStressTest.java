package io.polyloop.scheduler.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many producers against one consumer: nothing lost, nothing duplicated, per-producer FIFO, bound respected. */
class MpscLinkedQueueStressTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 200_000;

    @Test
    @Timeout(60)
    void everyElementArrivesOnceInProducerOrder() throws Exception {
        MpscLinkedQueue<long[]> q = new MpscLinkedQueue<>(1024);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger rejections = new AtomicInteger();
        Thread[] producers = new Thread[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            final int id = p;
            producers[p] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < PER_PRODUCER; i++) {
                    long[] item = {id, i};
                    while (!q.offer(item)) {
                        rejections.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
            });
            producers[p].start();
        }
        long[] next = new long[PRODUCERS];
        int received = 0;
        int maxSize = 0;
        start.countDown();
        long deadline = System.nanoTime() + 50_000_000_000L;
        while (received < PRODUCERS * PER_PRODUCER && System.nanoTime() < deadline) {
            maxSize = Math.max(maxSize, q.size());
            long[] item = q.poll();
            if (item == null) {
                Thread.onSpinWait();
                continue;
            }
            assertEquals(next[(int) item[0]], item[1], "producer " + item[0] + " out of order");
            next[(int) item[0]]++;
            received++;
        }
        for (Thread t : producers) {
            t.join(10_000);
        }
        assertEquals(PRODUCERS * PER_PRODUCER, received);
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        // size() counts offers in progress too: it may read above the bound by at most one per racing producer.
        assertTrue(maxSize <= 1024 + PRODUCERS, "size exceeded the bound: " + maxSize);
    }

    @Test
    void offerPastCapacityIsRefusedAndCapacityCanChangeLive() {
        MpscLinkedQueue<Integer> q = new MpscLinkedQueue<>(2);
        assertTrue(q.offer(1));
        assertTrue(q.offer(2));
        assertFalse(q.offer(3));
        q.capacity(3);
        assertTrue(q.offer(3));
        assertFalse(q.offer(4));
        assertEquals(1, q.poll());
        assertTrue(q.offer(4));
        assertEquals(2, q.poll());
        assertEquals(3, q.poll());
        assertEquals(4, q.poll());
        assertNull(q.poll());
    }
}
