package io.polyloop.scheduler.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many producers against one consumer: nothing lost, nothing duplicated, per-producer FIFO, the bound never
 * exceeded; with chunks of one slot to the default size so that chunk links are crossed all the time.
 */
class MpscChunkedQueueStressTest {
    private static final int PRODUCERS = 4;

    /** Fewer elements through the smallest queues: there every element is a hand-off between threads. */
    @ParameterizedTest(name = "capacity {0}, chunk {1}, {2} per producer")
    @CsvSource({"1, 2, 2000", "7, 4, 10000", "100, 128, 50000", "1024, 16, 100000", "65536, 128, 100000"})
    @Timeout(60)
    void everyElementArrivesOnceInProducerOrderWithinTheBound(int capacity, int chunk, int perProducer)
            throws Exception {
        MpscChunkedQueue<long[]> q = new MpscChunkedQueue<>(capacity, chunk);
        int[] maxSize = {0};
        int received = new SequencedProducers(q, PRODUCERS, perProducer).consumeInOrder(() -> {
            maxSize[0] = Math.max(maxSize[0], q.size());
            return q.poll();
        });
        assertEquals(PRODUCERS * perProducer, received);
        assertNull(q.poll());
        assertTrue(q.isEmpty());
        assertEquals(0, q.size());
        assertTrue(maxSize[0] <= capacity, "size exceeded the bound " + capacity + ": " + maxSize[0]);
    }

    @Test
    void offerPastCapacityIsRefusedAndCapacityCanChangeLive() {
        MpscChunkedQueue<Integer> q = new MpscChunkedQueue<>(2, 2);
        assertTrue(q.isEmpty());
        assertTrue(q.offer(1));
        assertTrue(q.offer(2));
        assertFalse(q.offer(3));
        assertEquals(2, q.size());
        q.capacity(3);
        assertTrue(q.offer(3));
        assertFalse(q.offer(4));
        assertEquals(1, q.poll());
        assertTrue(q.offer(4));
        q.capacity(1); // lowered below what it holds: the elements stay, offers are refused until it drains
        assertFalse(q.offer(5));
        assertEquals(2, q.poll());
        assertEquals(3, q.poll());
        assertFalse(q.offer(5));
        assertEquals(4, q.poll());
        assertTrue(q.offer(5));
        assertEquals(5, q.poll());
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    /**
     * Close while producers offer, across chunk links (chunks of 2 and 4 positions): every offer that returned true
     * is polled exactly once after the close, none returns true once close() returned, the closed queue drains.
     */
    @ParameterizedTest(name = "chunk {0}")
    @CsvSource({"2", "4", "128"})
    @Timeout(60)
    void closeRacingOffersKeepsEveryAcceptedElementAndRefusesAfterwards(int chunk) throws Exception {
        for (int round = 0; round < 200; round++) {
            MpscChunkedQueue<long[]> q = new MpscChunkedQueue<>(1 << 20, chunk);
            long[] accepted = new long[PRODUCERS];
            boolean[] closeReturned = new boolean[1];
            int[] lateAccepts = new int[1];
            CountDownLatch start = new CountDownLatch(1);
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                final int id = p;
                producers[p] = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 5_000; i++) {
                        boolean after;
                        synchronized (closeReturned) {
                            after = closeReturned[0];
                        }
                        if (q.offer(new long[] {id, accepted[id]})) {
                            accepted[id]++;
                            if (after) {
                                synchronized (closeReturned) {
                                    lateAccepts[0]++;
                                }
                            }
                        } else if (after) {
                            return;
                        }
                    }
                }, "producer-" + p);
                producers[p].start();
            }
            long[] next = new long[PRODUCERS];
            start.countDown();
            for (int polled = 0; polled < round * 7 % 3_000; ) { // consume a while before closing
                long[] item = q.poll();
                if (item != null) {
                    assertEquals(next[(int) item[0]]++, item[1], "producer " + item[0] + " out of order");
                    polled++;
                } else {
                    Thread.onSpinWait();
                }
            }
            q.close();
            synchronized (closeReturned) {
                closeReturned[0] = true;
            }
            assertTrue(q.isClosed());
            for (Thread t : producers) {
                t.join(10_000);
            }
            for (long[] item = q.poll(); item != null; item = q.poll()) {
                assertEquals(next[(int) item[0]]++, item[1], "producer " + item[0] + " out of order");
            }
            assertTrue(q.isEmpty());
            assertEquals(0, q.size());
            assertFalse(q.offer(new long[] {0, 0}));
            synchronized (closeReturned) {
                assertEquals(0, lateAccepts[0], "round " + round + ": offers accepted after close() returned");
            }
            for (int p = 0; p < PRODUCERS; p++) {
                assertEquals(accepted[p], next[p], "round " + round + ": producer " + p + "'s accepted elements");
            }
        }
    }

    @Test
    void refusesBadArgumentsWithTheValue() {
        IllegalArgumentException cap = assertThrows(IllegalArgumentException.class, () -> new MpscChunkedQueue<>(0));
        assertTrue(cap.getMessage().contains("capacity 0"), cap.getMessage());
        IllegalArgumentException chunk = assertThrows(IllegalArgumentException.class,
                () -> new MpscChunkedQueue<>(8, 3));
        assertTrue(chunk.getMessage().contains("chunk size 3"), chunk.getMessage());
        assertThrows(NullPointerException.class, () -> new MpscChunkedQueue<>(8).offer(null));
    }

    @Test
    void aLongRunThroughManyChunksKeepsOrderOnOneThread() {
        MpscChunkedQueue<Integer> q = new MpscChunkedQueue<>(300, 8);
        int out = 0;
        for (int round = 0; round < 1000; round++) {
            for (int i = 0; i < 250; i++) {
                assertTrue(q.offer(round * 250 + i));
            }
            for (int i = 0; i < 250; i++) {
                assertEquals(out++, q.poll());
            }
        }
        assertNull(q.poll());
    }
}
