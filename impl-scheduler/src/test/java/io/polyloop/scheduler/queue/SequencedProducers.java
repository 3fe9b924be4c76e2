package io.polyloop.scheduler.queue;

import java.util.concurrent.CountDownLatch;

/**
 * Producer threads for the queue's stress tests: producer {@code id} offers {@code {id, 0}}, {@code {id, 1}}, ... up
 * to {@code perProducer}, yielding while the queue is full, once {@link #go()} is called; the consumer checks each
 * producer's sequence. Not thread safe (one test thread drives it).
 */
final class SequencedProducers {
    private final CountDownLatch start = new CountDownLatch(1);
    private final Thread[] threads;

    SequencedProducers(MpscChunkedQueue<long[]> q, int producers, int perProducer) {
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

    /** Waits up to 10 s for each producer to finish. */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join(10_000);
        }
    }
}
