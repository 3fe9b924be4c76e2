package io.polyloop.scheduler.loop;

import io.polyloop.scheduler.testkit.NoDriverProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Posts from other threads racing the two things that close a loop's inbox: shutdown and retirement into an heir.
 * A post accepted is run exactly once; a post refused throws; nothing is accepted once {@code shutdown()} returned;
 * across a retirement nothing is lost, run twice or reordered per producer. Bounded rounds, no I/O.
 */
@Timeout(120)
class EventLoopPostRaceTest {
    private static final int PRODUCERS = 3;

    @Test
    void aPostIsEitherRunOnceOrRefusedAndNoneIsAcceptedAfterShutdownReturned() throws Exception {
        for (int round = 0; round < 150; round++) {
            EventLoop loop = new EventLoop("race-" + round, config(1 << 16));
            loop.start();
            AtomicLong accepted = new AtomicLong();
            AtomicLong ran = new AtomicLong();
            AtomicInteger lateAccepts = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            boolean[] shutdownReturned = new boolean[1];
            Object lock = new Object();
            Thread[] posters = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                posters[p] = new Thread(() -> {
                    await(go);
                    for (int i = 0; i < 20_000; i++) {
                        boolean after;
                        synchronized (lock) {
                            after = shutdownReturned[0];
                        }
                        try {
                            loop.execute(ran::incrementAndGet);
                        } catch (RejectedExecutionException refused) {
                            if (after) {
                                return; // refused for good: the rest would be too
                            }
                            continue;
                        }
                        accepted.incrementAndGet();
                        if (after) {
                            lateAccepts.incrementAndGet();
                        }
                    }
                });
                posters[p].start();
            }
            go.countDown();
            spin(round * 37 % 2_000); // shut down at a different point of the stream each round
            loop.shutdown();
            synchronized (lock) {
                shutdownReturned[0] = true;
            }
            for (Thread t : posters) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            loop.terminated().get(30, TimeUnit.SECONDS);
            assertEquals(0, lateAccepts.get(), "round " + round + ": posts accepted after shutdown() returned");
            assertEquals(accepted.get(), ran.get(), "round " + round + ": accepted posts that did not run once");
        }
    }

    @Test
    void noPostIsLostDuplicatedOrReorderedAcrossARetirement() throws Exception {
        for (int round = 0; round < 60; round++) {
            EventLoop old = new EventLoop("old-" + round, config(1 << 20));
            EventLoop heir = new EventLoop("heir-" + round, config(1 << 20));
            old.start();
            heir.start();
            int perProducer = 20_000;
            int[] next = new int[PRODUCERS]; // written by tasks only; tasks never run on two threads at once
            AtomicInteger faults = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            Thread[] posters = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                posters[p] = new Thread(() -> {
                    await(go);
                    for (int i = 0; i < perProducer; i++) {
                        int seq = i;
                        try {
                            old.execute(() -> {
                                if (next[producer] != seq) {
                                    faults.incrementAndGet();
                                }
                                next[producer] = seq + 1;
                                ran.incrementAndGet();
                            });
                        } catch (RejectedExecutionException e) {
                            refused.incrementAndGet();
                        }
                    }
                });
                posters[p].start();
            }
            go.countDown();
            spin(round * 53 % 1_500);
            String why = LoopRetirement.retire(old, heir, () -> { }, TimeUnit.SECONDS.toNanos(20))
                    .get(30, TimeUnit.SECONDS);
            assertNull(why, "round " + round + ": not retired");
            for (Thread t : posters) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            // Order holds per producer only: the heir may run this thread's later posts before the moved ones.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ran.get() < PRODUCERS * perProducer - refused.get() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            CompletableFuture<int[]> seen = new CompletableFuture<>();
            old.execute(() -> seen.complete(next.clone())); // forwarded to the heir
            int[] counts = seen.get(30, TimeUnit.SECONDS);
            old.terminated().get(30, TimeUnit.SECONDS);
            assertTrue(old.live() == heir, "round " + round + ": the old loop does not forward to its heir");
            assertEquals(0, refused.get(), "round " + round + ": posts refused during a retirement");
            assertEquals(0, faults.get(), "round " + round + ": posts run out of order, twice, or lost");
            for (int p = 0; p < PRODUCERS; p++) {
                assertEquals(perProducer, counts[p], "round " + round + ": producer " + p + "'s posts run");
            }
            heir.shutdown();
            heir.terminated().get(30, TimeUnit.SECONDS);
        }
    }

    private static LoopConfig config(int queueCapacity) {
        return new LoopConfig(64, queueCapacity, new NoDriverProvider(), 64, 1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void spin(int micros) {
        long end = System.nanoTime() + micros * 1_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
