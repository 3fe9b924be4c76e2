package io.polyloop.scheduler.sync;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.api.sync.Channel;
import io.polyloop.api.sync.ClosedException;
import io.polyloop.api.sync.Mutex;
import io.polyloop.api.sync.Semaphore;
import io.polyloop.scheduler.loop.LoopThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The primitives on a real runtime, one subclass per strategy (as Tokio runs its tests under each runtime flavour):
 * which thread completes a waiter, and bounded stress runs where loops and plain threads share every primitive and
 * cancel waits at random (nothing lost, nothing doubled, no waiter left behind).
 */
@Timeout(60)
abstract class RuntimeSyncSuite {
    IoRuntime rt;

    /** @return the strategy settings under test */
    protected abstract Map<String, Object> strategySettings();

    @BeforeEach
    void start() {
        rt = IoRuntime.builder().properties(strategySettings()).build();
    }

    @AfterEach
    void stop() {
        assertTrue(rt.close(Duration.ofSeconds(10)), "runtime did not terminate");
    }

    /** @return the thread of a loop other than {@code notThis}, and runs {@code body} on it */
    private Thread onOtherLoop(Thread notThis, Runnable body) {
        for (int attempt = 0; attempt < 100; attempt++) {
            Thread t = rt.submit(() -> {
                if (Thread.currentThread() != notThis) {
                    body.run();
                }
                return Thread.currentThread();
            }).join();
            if (t != notThis) {
                return t;
            }
        }
        throw new AssertionError("the runtime never chose the second loop");
    }

    @Test
    void aWaiterCompletesOnTheLoopThatAskedNotOnTheSendersThread() throws Exception {
        Assumptions.assumeTrue(rt.info().loops().size() > 1, "needs two loops");
        Channel<String> ch = rt.sync().channel(4);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch received = new CountDownLatch(1);
        Thread loopA = rt.submit(() -> {
            ch.receive().thenAccept(m -> {
                ranOn.set(Thread.currentThread());
                received.countDown();
            });
            return Thread.currentThread();
        }).join();
        Thread loopB = onOtherLoop(loopA, () -> assertTrue(ch.trySend("from B")));
        assertNotEquals(loopA, loopB);
        assertTrue(received.await(10, TimeUnit.SECONDS));
        assertEquals(loopA, ranOn.get(), "the continuation ran on the receiver's loop");
    }

    @Test
    void aWaiterCreatedOnAPlainThreadCompletesOnALoopNotOnThePlainSender() throws Exception {
        Mutex mutex = rt.sync().mutex();
        assertTrue(mutex.tryLock());
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Task<Void> waiting = mutex.lock().thenRun(() -> ranOn.set(Thread.currentThread()));
        mutex.unlock(); // from this plain thread
        waiting.get(10, TimeUnit.SECONDS);
        assertTrue(ranOn.get() instanceof LoopThread, "ran on " + ranOn.get());
        mutex.unlock();
    }

    @Test
    void channelStressAcrossLoopsAndThreadsWithRandomCancelsLosesAndDoublesNothing() throws Exception {
        Channel<Integer> ch = rt.sync().channel(4);
        int producers = 2;
        int perProducer = 20_000;
        int consumers = 4;
        ConcurrentHashMap<Integer, Integer> received = new ConcurrentHashMap<>();
        ConcurrentHashMap<Integer, Boolean> withdrawn = new ConcurrentHashMap<>();
        AtomicInteger refusedCancels = new AtomicInteger();
        // Whether a random cancel beats the consumers is timing; so first, with the channel full and no consumer yet,
        // sends from loops and threads that nobody can take must each be withdrawn, and never arrive.
        int queued = producers * perProducer;
        for (int k = 0; k < ch.capacity(); k++) {
            assertTrue(ch.trySend(queued + k), "the channel has room");
        }
        int firstWithdrawn = queued + ch.capacity();
        int forced = RuntimeSyncStress.withdrawWaiting(rt, 4, 100, i -> ch.send(firstWithdrawn + i),
                "a send to a full channel");
        for (int m = firstWithdrawn; m < firstWithdrawn + forced; m++) {
            withdrawn.put(m, true);
        }
        CountDownLatch consumersDone = new CountDownLatch(consumers);
        for (int c = 0; c < consumers; c++) {
            rt.post(() -> consume(ch, received, refusedCancels, consumersDone));
        }
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Thread t = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < perProducer; i++) {
                    Task<Void> send = ch.send(base + i);
                    if (random.nextInt(8) == 0 && spinThenCancel(send)) {
                        withdrawn.put(base + i, true);
                        continue;
                    }
                    send.join();
                }
            }, "producer-" + p);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive(), t.getName() + " stuck");
        }
        ch.close();
        assertTrue(consumersDone.await(30, TimeUnit.SECONDS), "consumers did not see the close");
        for (int m = 0; m < firstWithdrawn + forced; m++) {
            boolean gone = withdrawn.containsKey(m);
            Integer times = received.get(m);
            assertEquals(gone ? null : 1, times, "message " + m + (gone ? " was withdrawn" : " was sent"));
        }
        assertEquals(firstWithdrawn + forced, received.size() + withdrawn.size(), "a message nobody sent arrived");
        System.out.printf("channel stress: %d sends withdrawn at random, %d to a full channel, %d receive cancels "
                + "refused (served or ready first)%n", withdrawn.size() - forced, forced, refusedCancels.get());
        assertEquals(0, ch.size());
    }

    private void consume(Channel<Integer> ch, ConcurrentHashMap<Integer, Integer> received, AtomicInteger refused,
                         CountDownLatch done) {
        Task<Integer> r = ch.receive();
        if (ThreadLocalRandom.current().nextInt(4) == 0 && !spinThenCancel(r)) {
            refused.incrementAndGet(); // served already: the message must still arrive
        }
        r.whenCompleteAsync((m, e) -> {
            if (m != null) {
                received.merge(m, 1, Integer::sum);
            } else if (e instanceof ClosedException || e.getCause() instanceof ClosedException) {
                done.countDown();
                return;
            } else if (!(e instanceof CancellationException)) {
                throw new AssertionError("unexpected failure", e);
            }
            consume(ch, received, refused, done);
        });
    }

    /** Widens the window in which a producer may serve the waiter before the cancel lands. */
    private static boolean spinThenCancel(Task<?> task) {
        for (int i = ThreadLocalRandom.current().nextInt(200); i > 0; i--) {
            Thread.onSpinWait();
        }
        return task.cancel();
    }

    @Test
    void semaphoreStressAcrossLoopsAndThreadsWithRandomCancelsKeepsEveryPermit() throws Exception {
        int permits = 3;
        Semaphore sem = rt.sync().semaphore(permits);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger maxInUse = new AtomicInteger();
        int workers = 6;
        int rounds = 2_000;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            all.add(finished);
            if (w % 2 == 0) {
                rt.post(() -> acquireRounds(sem, rounds, inUse, maxInUse, permits, finished));
            } else {
                new Thread(() -> {
                    try {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int i = 0; i < rounds; i++) {
                            int n = 1 + random.nextInt(permits);
                            Task<Void> a = sem.acquire(n);
                            if (random.nextInt(4) == 0 && a.cancel()) {
                                continue;
                            }
                            a.join();
                            maxInUse.accumulateAndGet(inUse.addAndGet(n), Math::max);
                            inUse.addAndGet(-n);
                            sem.release(n);
                        }
                        finished.complete(null);
                    } catch (Throwable t) {
                        finished.completeExceptionally(t);
                    }
                }, "worker-" + w).start();
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
        assertEquals(0, inUse.get());
        assertTrue(maxInUse.get() <= permits, "more than " + permits + " permits in use: " + maxInUse.get());
        assertEquals(permits, sem.availablePermits(), "a permit was lost or invented");
    }

    private void acquireRounds(Semaphore sem, int left, AtomicInteger inUse, AtomicInteger maxInUse, int permits,
                               CompletableFuture<Void> finished) {
        if (left == 0) {
            finished.complete(null);
            return;
        }
        int n = 1 + ThreadLocalRandom.current().nextInt(permits);
        Task<Void> a = sem.acquire(n);
        boolean cancelled = ThreadLocalRandom.current().nextInt(4) == 0 && a.cancel();
        if (cancelled) {
            rt.post(() -> acquireRounds(sem, left - 1, inUse, maxInUse, permits, finished));
            return;
        }
        a.whenCompleteAsync((v, e) -> {
            if (e != null) {
                finished.completeExceptionally(e);
                return;
            }
            int now = inUse.addAndGet(n);
            maxInUse.accumulateAndGet(now, Math::max);
            inUse.addAndGet(-n);
            sem.release(n);
            acquireRounds(sem, left - 1, inUse, maxInUse, permits, finished);
        });
    }

    @Test
    void mutexStressAcrossLoopsAndThreadsKeepsMutualExclusion() throws Exception {
        Mutex mutex = rt.sync().mutex();
        int[] counter = {0}; // guarded by the mutex alone
        AtomicInteger inside = new AtomicInteger();
        int workers = 4;
        int rounds = 5_000;
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            if (w % 2 == 0) {
                rt.post(() -> lockRounds(mutex, rounds, counter, inside, done));
            } else {
                new Thread(() -> {
                    for (int i = 0; i < rounds; i++) {
                        mutex.lock().join();
                        if (inside.incrementAndGet() != 1) {
                            throw new AssertionError("two holders");
                        }
                        counter[0]++;
                        inside.decrementAndGet();
                        mutex.unlock();
                    }
                    done.countDown();
                }).start();
            }
        }
        assertTrue(done.await(40, TimeUnit.SECONDS));
        assertEquals(0, inside.get());
        assertFalse(mutex.isLocked());
        assertTrue(mutex.tryLock());
        assertEquals(workers * rounds, counter[0], "an increment was lost: exclusion broken");
    }

    private void lockRounds(Mutex mutex, int left, int[] counter, AtomicInteger inside, CountDownLatch done) {
        if (left == 0) {
            done.countDown();
            return;
        }
        mutex.lock().whenCompleteAsync((v, e) -> {
            assertNull(e);
            if (inside.incrementAndGet() != 1) {
                throw new AssertionError("two holders");
            }
            counter[0]++;
            inside.decrementAndGet();
            mutex.unlock();
            lockRounds(mutex, left - 1, counter, inside, done);
        });
    }

    @Test
    void rwLockStressWithRandomCancelsKeepsExclusionAndLeavesNoWaiter() throws Exception {
        RuntimeSyncStress.rwLock(rt);
    }

    @Test
    void barrierStressWithRandomCancelsKeepsEveryGenerationWhole() throws Exception {
        RuntimeSyncStress.barrier(rt);
    }

    @Test
    void notifyStressWithRandomCancelsLosesNoWakeup() throws Exception {
        RuntimeSyncStress.notify(rt);
    }

    @Test
    void oneshotStressWithRandomCancelsIsDecisive() throws Exception {
        RuntimeSyncStress.oneshot(rt);
    }
}
