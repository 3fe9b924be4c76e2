package io.polyloop.scheduler.queue;

import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Producer threads for the queue's stress tests: producer {@code id} offers {@code {id, 0}}, {@code {id, 1}}, ... up
 * to {@code perProducer}, yielding while the queue is full, once {@link #go()} is called; the consumer checks each
 * producer's sequence. Not thread safe (one test thread drives it).
 */
final class SequencedProducers {
    private final CountDownLatch start = new CountDownLatch(1);
    private final Thread[] threads;
    private final int perProducer;

    SequencedProducers(MpscChunkedQueue<long[]> q, int producers, int perProducer) {
        this.perProducer = perProducer;
        threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            final int id = p;
            threads[p] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    long[] item = {id, i};
                    while (!q.offer(item)) {
                        Thread.yield(); // full: the consumer is behind
                    }
                }
            }, "producer-" + p);
            threads[p].start();
        }
    }

    /** Lets every producer start offering. */
    void go() {
        start.countDown();
    }

    /**
     * Starts the producers and consumes on this thread until every element came or 45 s passed, checking each
     * producer's order; then waits for the producers.
     *
     * @param take the consumer's next element, or null when it has none now (it looks again)
     * @return how many elements were taken
     */
    int consumeInOrder(Supplier<long[]> take) throws InterruptedException {
        int total = threads.length * perProducer;
        long[] next = new long[threads.length];
        int received = 0;
        go();
        long deadline = System.nanoTime() + 45_000_000_000L;
        while (received < total && System.nanoTime() < deadline) {
            long[] item = take.get();
            if (item == null) {
                Thread.onSpinWait();
                continue;
            }
            assertEquals(next[(int) item[0]], item[1], "producer " + item[0] + " out of order");
            next[(int) item[0]]++;
            received++;
        }
        join();
        return received;
    }

    /** Waits up to 10 s for each producer to finish. */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
