package io.polyloop.scheduler.steal;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stealable queue with a tiny capacity (so the owner laps the ring constantly) under an owner that pushes and
 * pops and thieves that steal half into queues of their own: every task is taken exactly once.
 */
@Timeout(60)
class StealableQueueStressTest {

    @Test
    void fifoAndBoundedForTheOwner() {
        StealableQueue q = new StealableQueue(4);
        for (int i = 0; i < 4; i++) {
            assertTrue(q.push(task(i)));
        }
        assertFalse(q.push(task(9)), "a full queue refuses");
        StealableQueue thief = new StealableQueue(4);
        assertEquals(2, q.stealHalfInto(thief));
        assertEquals("0", thief.poll().toString());
        assertEquals("1", thief.poll().toString());
        assertEquals("2", q.poll().toString());
        assertEquals("3", q.poll().toString());
        assertNull(q.poll());
        assertEquals(0, q.stealHalfInto(thief));
    }

    @RepeatedTest(5)
    void everyTaskIsTakenExactlyOnce() throws Exception {
        final int total = 200_000;
        final int thieves = 3;
        StealableQueue owner = new StealableQueue(8);
        AtomicIntegerArray taken = new AtomicIntegerArray(total);
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(thieves);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < thieves; t++) {
            Thread th = new Thread(() -> {
                StealableQueue mine = new StealableQueue(8);
                started.countDown();
                while (!done.get() || !owner.isEmpty()) {
                    if (owner.stealHalfInto(mine) > 0) {
                        Runnable r;
                        while ((r = mine.poll()) != null) {
                            r.run();
                        }
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        started.await();
        for (int i = 0; i < total; i++) {
            Runnable r = mark(taken, i);
            while (!owner.push(r)) {
                Runnable own = owner.poll();
                if (own != null) {
                    own.run();
                }
            }
            if ((i & 7) == 0) {
                Runnable own = owner.poll();
                if (own != null) {
                    own.run();
                }
            }
        }
        done.set(true);
        Runnable r;
        while ((r = owner.poll()) != null) {
            r.run();
        }
        for (Thread th : threads) {
            th.join(30_000);
        }
        for (int i = 0; i < total; i++) {
            assertEquals(1, taken.get(i), "task " + i + " taken " + taken.get(i) + " times");
        }
    }

    private static Runnable mark(AtomicIntegerArray taken, int i) {
        return () -> taken.incrementAndGet(i);
    }

    private static Runnable task(int i) {
        return new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return Integer.toString(i);
            }
        };
    }
}
