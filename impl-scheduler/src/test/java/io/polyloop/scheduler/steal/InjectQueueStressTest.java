package io.polyloop.scheduler.steal;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inject queue with a tiny capacity under several producers and consumers: nothing lost, nothing twice. */
@Timeout(60)
class InjectQueueStressTest {

    @Test
    void boundedAndFifo() {
        InjectQueue q = new InjectQueue(4);
        assertEquals(4, q.capacity());
        List<Runnable> in = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Runnable r = () -> { };
            in.add(r);
            assertTrue(q.offer(r));
        }
        assertFalse(q.offer(() -> { }), "a full queue refuses");
        for (Runnable r : in) {
            assertEquals(r, q.poll());
        }
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @RepeatedTest(3)
    void manyProducersManyConsumers() throws Exception {
        final int producers = 3;
        final int perProducer = 20_000;
        final int total = producers * perProducer;
        InjectQueue q = new InjectQueue(8);
        AtomicIntegerArray taken = new AtomicIntegerArray(total);
        AtomicInteger consumed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            threads.add(new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    int id = base + i;
                    Runnable r = () -> taken.incrementAndGet(id);
                    while (!q.offer(r)) {
                        Thread.onSpinWait();
                    }
                }
            }));
        }
        for (int c = 0; c < 2; c++) {
            threads.add(new Thread(() -> {
                while (consumed.get() < total) {
                    Runnable r = q.poll();
                    if (r != null) {
                        r.run();
                        consumed.incrementAndGet();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(total, consumed.get());
        for (int i = 0; i < total; i++) {
            assertEquals(1, taken.get(i), "task " + i);
        }
    }
}
