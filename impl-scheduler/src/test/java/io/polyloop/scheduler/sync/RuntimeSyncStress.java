package io.polyloop.scheduler.sync;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stress runs of {@link RwLockImpl}, {@link BarrierImpl}, {@link NotifyImpl} and {@link OneshotImpl} on a real
 * runtime: half the workers are chains of tasks on the loops, half plain threads that join; waits are cancelled at
 * random after a random spin (so some cancels race with the grant). Bounded: a few thousand rounds each.
 *
 * <p>Whether a random cancel beats the grant is timing: under load one side can run far ahead of the other, and a
 * run may then withdraw nothing (seen at load ~20: "no receive was withdrawn"). So each run also withdraws waits it
 * knows nobody can serve at that moment, while the other workers run, and requires every one of those cancels to
 * withdraw; the random cancels are counted, not required.
 */
final class RuntimeSyncStress {
    private RuntimeSyncStress() {
    }

    /** Cancels after a random spin; @return true if the wait was withdrawn */
    static boolean spinThenCancel(Task<?> task) {
        for (int i = ThreadLocalRandom.current().nextInt(200); i > 0; i--) {
            Thread.onSpinWait();
        }
        return task.cancel();
    }

    /**
     * Cancels a wait that nobody can serve now (the caller makes sure of it): the cancel must withdraw it.
     *
     * @return 1, the wait withdrawn
     */
    static int withdrawWaiting(Task<?> task, String what) {
        if (!task.cancel() || !task.isCancelled()) {
            throw new AssertionError(what + " nobody could serve was not withdrawn by its cancel: " + task.status());
        }
        return 1;
    }

    /**
     * {@code workers} workers at once, even ones on the loops, odd ones on plain threads, each asking
     * {@code wait.apply(index)} {@code each} times and cancelling it at once. The caller makes sure nobody can serve
     * these waits meanwhile, so every cancel must withdraw its wait.
     *
     * @return the waits withdrawn: workers × each
     */
    static int withdrawWaiting(IoRuntime rt, int workers, int each, IntFunction<Task<?>> wait, String what)
            throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            all.add(finished);
            int first = w * each;
            Runnable body = () -> {
                try {
                    for (int i = 0; i < each; i++) {
                        withdrawWaiting(wait.apply(first + i), what);
                    }
                    finished.complete(null);
                } catch (Throwable e) {
                    finished.completeExceptionally(e);
                }
            };
            if (w % 2 == 0) {
                rt.post(body);
            } else {
                new Thread(body, "withdraw-" + w).start();
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
        return workers * each;
    }

    private static boolean coin(int oneIn) {
        return ThreadLocalRandom.current().nextInt(oneIn) == 0;
    }

    /**
     * {@code workers} workers of {@code rounds} rounds each, even ones as task chains on the loops, odd ones on plain
     * threads that join. A round picks a kind in [0, kinds), waits on {@code acquire(kind)}, and on success runs
     * {@code held(kind, result)}; one wait in four is cancelled after a spin, and a withdrawn wait is either skipped
     * or (with {@code retryWithdrawn}) asked again.
     *
     * @return the waits withdrawn
     */
    static int rounds(IoRuntime rt, int workers, int rounds, int kinds, boolean retryWithdrawn,
                      IntFunction<Task<?>> acquire, Held held) throws Exception {
        AtomicInteger withdrawn = new AtomicInteger();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            all.add(finished);
            if (w % 2 == 0) {
                rt.post(() -> new LoopWorker(rt, kinds, retryWithdrawn, acquire, held, withdrawn, finished)
                        .round(rounds, -1));
            } else {
                new Thread(() -> {
                    try {
                        for (int i = 0; i < rounds; i++) {
                            int kind = ThreadLocalRandom.current().nextInt(kinds);
                            Task<?> t = acquire.apply(kind);
                            while (coin(4) && spinThenCancel(t)) {
                                withdrawn.incrementAndGet();
                                if (!retryWithdrawn) {
                                    break;
                                }
                                t = acquire.apply(kind);
                            }
                            if (t.isCancelled()) {
                                continue;
                            }
                            held.run(kind, t.join());
                        }
                        finished.complete(null);
                    } catch (Throwable e) {
                        finished.completeExceptionally(e);
                    }
                }, "stress-worker-" + w).start();
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
        return withdrawn.get();
    }

    @FunctionalInterface
    interface Held {
        void run(int kind, Object result);
    }

    /** A worker on the loops: each round continues on whichever loop completes its wait. */
    private static final class LoopWorker {
        private final IoRuntime rt;
        private final int kinds;
        private final boolean retryWithdrawn;
        private final IntFunction<Task<?>> acquire;
        private final Held held;
        private final AtomicInteger withdrawn;
        private final CompletableFuture<Void> finished;

        LoopWorker(IoRuntime rt, int kinds, boolean retryWithdrawn, IntFunction<Task<?>> acquire, Held held,
                   AtomicInteger withdrawn, CompletableFuture<Void> finished) {
            this.rt = rt;
            this.kinds = kinds;
            this.retryWithdrawn = retryWithdrawn;
            this.acquire = acquire;
            this.held = held;
            this.withdrawn = withdrawn;
            this.finished = finished;
        }

        /** @param retryKind the kind to ask again after a withdrawal, or -1 for a new round */
        void round(int left, int retryKind) {
            if (left == 0) {
                finished.complete(null);
                return;
            }
            try {
                int kind = retryKind >= 0 ? retryKind : ThreadLocalRandom.current().nextInt(kinds);
                Task<?> t = acquire.apply(kind);
                if (coin(4) && spinThenCancel(t)) {
                    withdrawn.incrementAndGet();
                    rt.post(() -> round(retryWithdrawn ? left : left - 1, retryWithdrawn ? kind : -1));
                    return;
                }
                t.whenCompleteAsync((v, e) -> {
                    try {
                        if (e != null) {
                            throw new AssertionError("a wait failed", e);
                        }
                        held.run(kind, v);
                        round(left - 1, -1);
                    } catch (Throwable failure) {
                        finished.completeExceptionally(failure);
                    }
                });
            } catch (Throwable failure) {
                finished.completeExceptionally(failure);
            }
        }
    }

    // ------------------------------------------------------------------ RwLock

    /**
     * Readers check that no writer is inside, writers that nobody is; the writers' counter loses no increment. One
     * write in four, while it holds the lock, asks a read and a write and cancels them: nobody can be granted then,
     * so both must be withdrawn, from the middle of a queue the other workers keep using.
     */
    static void rwLock(IoRuntime rt) throws Exception {
        RwLockImpl rw = (RwLockImpl) rt.sync().rwLock();
        int[] counter = {0}; // written under the write lock only
        AtomicInteger readersIn = new AtomicInteger();
        AtomicInteger writersIn = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        AtomicInteger forced = new AtomicInteger();
        // kind 0: write (one in three), else read
        int withdrawn = rounds(rt, 6, 2_000, 3, false, kind -> kind == 0 ? rw.write() : rw.read(), (kind, v) -> {
            if (kind == 0) {
                if (writersIn.incrementAndGet() != 1 || readersIn.get() != 0) {
                    throw new AssertionError("a writer is not alone");
                }
                counter[0]++;
                if (writes.incrementAndGet() % 4 == 1) { // the write lock is ours: no wait can be granted now
                    forced.addAndGet(withdrawWaiting(rw.read(), "a read asked under the write lock")
                            + withdrawWaiting(rw.write(), "a write asked under the write lock"));
                }
                writersIn.decrementAndGet();
                rw.unlockWrite();
            } else {
                readersIn.incrementAndGet();
                if (writersIn.get() != 0) {
                    throw new AssertionError("a reader is inside with a writer");
                }
                readersIn.decrementAndGet();
                rw.unlockRead();
            }
        });
        assertEquals(writes.get(), counter[0], "an increment was lost: exclusion broken");
        assertEquals(0, rw.waiting(), "waiters left behind");
        assertTrue(rw.tryWrite(), "the lock is not free at the end: " + rw);
        assertTrue(writes.get() > 0, "no write was granted");
        assertEquals(2 * ((writes.get() + 3) / 4), forced.get(), "waits withdrawn under the write lock");
        System.out.printf("rwLock stress: %d writes, %d waits withdrawn at random, %d under the write lock%n",
                writes.get(), withdrawn, forced.get());
    }

    // ------------------------------------------------------------------ Barrier

    /**
     * As many workers as parties, each awaiting once per generation; a withdrawn await is awaited again (it was
     * taken back). Every generation then has one leader and parties - 1 followers: a withdrawn arrival that still
     * counted would release a generation short of a worker, which later shows as a surplus leader or a hang.
     * First, parties - 1 workers at once await and cancel: a generation cannot fill, so each must be withdrawn.
     */
    static void barrier(IoRuntime rt) throws Exception {
        int parties = 4;
        int generations = 1_500;
        BarrierImpl barrier = (BarrierImpl) rt.sync().barrier(parties);
        AtomicInteger leaders = new AtomicInteger();
        AtomicInteger followers = new AtomicInteger();
        int forced = withdrawWaiting(rt, parties - 1, 200, i -> barrier.await(), "an await short of its parties");
        assertEquals(0, barrier.waiting(), "withdrawn arrivals left behind");
        int withdrawn = rounds(rt, parties, generations, 1, true, kind -> barrier.await(),
                (kind, led) -> ((Boolean) led ? leaders : followers).incrementAndGet());
        assertEquals(generations, leaders.get(), "leaders");
        assertEquals(generations * (parties - 1), followers.get(), "followers");
        assertEquals(0, barrier.waiting(), "arrivals left behind");
        System.out.printf("barrier stress: %d generations, %d awaits withdrawn at random, %d short of parties%n",
                generations, withdrawn, forced);
    }

    // ------------------------------------------------------------------ Notify

    /**
     * Items handed from producer threads to consumers through a queue and a {@link NotifyImpl} (Tokio's pattern: take
     * from the queue, else wait to be notified, then look again), with waits cancelled at random: every item is
     * consumed exactly once. A wake-up swallowed by a cancelled waiter leaves an item with nobody to take it. Before
     * the producers start (no notify yet, no permit stored), more waits join the consumers' and are cancelled: each
     * must be withdrawn.
     *
     * <p>A consumer waits only after it found the queue empty. Notify stores one permit however many notifies find
     * no waiter, so a consumer that waited with items left (a loop consumer once did, after a burst of 64) could take
     * the only permit a run of items left behind and strand them: seen once in CI (4163 items queued, every consumer
     * waiting), when the other consumers sat at the lock's entry while the producers kept notifying.
     */
    static void notify(IoRuntime rt) throws Exception {
        NotifyImpl notify = (NotifyImpl) rt.sync().notifier();
        ConcurrentLinkedQueue<Integer> items = new ConcurrentLinkedQueue<>();
        int producers = 2;
        int perProducer = 10_000;
        AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
        AtomicInteger consumed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger withdrawn = new AtomicInteger();
        int consumers = 4;
        CompletableFuture<?>[] done = new CompletableFuture<?>[consumers];
        for (int c = 0; c < consumers; c++) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            done[c] = finished;
            if (c % 2 == 0) {
                rt.post(() -> consumeOnLoop(rt, notify, items, seen, consumed, stop, withdrawn, finished));
            } else {
                new Thread(() -> {
                    while (!stop.get()) {
                        Integer item = items.poll();
                        if (item != null) {
                            take(seen, consumed, item);
                            continue;
                        }
                        Task<Void> wait = notify.notified();
                        if (coin(4) && spinThenCancel(wait)) {
                            withdrawn.incrementAndGet();
                            continue;
                        }
                        wait.join();
                    }
                    finished.complete(null);
                }, "notify-consumer-" + c).start();
            }
        }
        int forced = withdrawWaiting(rt, 2, 200, i -> notify.notified(), "a wait before any notify");
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    items.add(base + i);
                    notify.notifyOne();
                }
            }, "notify-producer-" + p);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (consumed.get() < producers * perProducer && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (consumed.get() != producers * perProducer) {
            // A lost wake-up of the primitive leaves consumers waiting with no permit stored; one of a loop (a post
            // its loop never ran) leaves a loop with queued tasks and no new turns between two looks
            Object before = rt.info();
            Thread.sleep(200);
            assertEquals(producers * perProducer, consumed.get(), "items left unconsumed (" + items.size()
                    + " queued): a wake-up was lost; " + notify + "; runtime " + before + ", 200 ms later "
                    + rt.info());
        }
        stop.set(true);
        CompletableFuture<Void> stopped = CompletableFuture.allOf(done);
        for (int i = 0; i < 2_000 && !stopped.isDone(); i++) {
            notify.notifyWaiters(); // again and again: a consumer may be between its stop check and its wait
            Thread.sleep(5);
        }
        stopped.get(1, TimeUnit.SECONDS);
        for (int i = 0; i < producers * perProducer; i++) {
            assertEquals(1, seen.get(i), "item " + i);
        }
        assertEquals(0, notify.waiting(), "waiters left behind");
        System.out.printf("notify stress: %d items, %d waits withdrawn at random, %d before any notify%n",
                consumed.get(), withdrawn.get(), forced);
    }

    private static void take(AtomicIntegerArray seen, AtomicInteger consumed, int item) {
        if (seen.incrementAndGet(item) != 1) {
            throw new AssertionError("item " + item + " consumed twice");
        }
        consumed.incrementAndGet();
    }

    private static void consumeOnLoop(IoRuntime rt, NotifyImpl notify, ConcurrentLinkedQueue<Integer> items,
                                      AtomicIntegerArray seen, AtomicInteger consumed, AtomicBoolean stop,
                                      AtomicInteger withdrawn, CompletableFuture<Void> finished) {
        try {
            for (int burst = 0; ; burst++) {
                if (stop.get()) {
                    finished.complete(null);
                    return;
                }
                if (burst == 64) { // let the loop breathe, then go on taking: no wait while items may be left
                    rt.post(() -> consumeOnLoop(rt, notify, items, seen, consumed, stop, withdrawn, finished));
                    return;
                }
                Integer item = items.poll();
                if (item == null) {
                    break;
                }
                take(seen, consumed, item);
            }
            Task<Void> wait = notify.notified();
            if (coin(4) && spinThenCancel(wait)) {
                withdrawn.incrementAndGet();
                wait = notify.notified();
            }
            wait.whenCompleteAsync((v, e) -> consumeOnLoop(rt, notify, items, seen, consumed, stop, withdrawn,
                    finished));
        } catch (Throwable t) {
            finished.completeExceptionally(t);
        }
    }

    // ------------------------------------------------------------------ Oneshot

    /**
     * Many oneshots, each sent from a plain thread while its receiver (on a loop) may cancel: an accepted send is
     * received, and a withdrawn receive makes the send fail; never both, never neither once both sides are done.
     * The sender waits for each chunk's first pass: one receive in 16, asked and cancelled before the sender may send
     * to it, so each must be withdrawn (and its send refused); the rest race the sender, cancelled at random.
     */
    static void oneshot(IoRuntime rt) throws Exception {
        int pairs = 20_000;
        int chunks = 8;
        int forcedEvery = 16;
        List<OneshotImpl<Integer>> shots = new ArrayList<>(pairs);
        for (int i = 0; i < pairs; i++) {
            shots.add((OneshotImpl<Integer>) rt.sync().<Integer>oneshot());
        }
        // 1 received, 2 withdrawn at random, 3 failed or another value; first pass: 5 withdrawn, 4 not withdrawn
        AtomicIntegerArray received = new AtomicIntegerArray(pairs);
        AtomicIntegerArray accepted = new AtomicIntegerArray(pairs);
        AtomicInteger receiversDone = new AtomicInteger();
        AtomicInteger sentFirst = new AtomicInteger(); // receives that found the value there: nothing to withdraw
        CountDownLatch[] firstPassDone = new CountDownLatch[chunks];
        for (int c = 0; c < chunks; c++) {
            int from = c * pairs / chunks;
            int to = (c + 1) * pairs / chunks;
            CountDownLatch firstPass = new CountDownLatch(1);
            firstPassDone[c] = firstPass;
            rt.post(() -> {
                try {
                    for (int i = from; i < to; i += forcedEvery) { // the sender waits for this pass
                        Task<Integer> r = shots.get(i).receive();
                        received.set(i, r.cancel() && r.isCancelled() ? 5 : 4);
                        receiversDone.incrementAndGet();
                    }
                } finally {
                    firstPass.countDown();
                }
                for (int i = from; i < to; i++) {
                    if ((i - from) % forcedEvery == 0) {
                        continue;
                    }
                    int index = i;
                    Task<Integer> r = shots.get(i).receive();
                    if (r.isDone()) {
                        sentFirst.incrementAndGet();
                    }
                    if (coin(3) && spinThenCancel(r)) {
                        received.set(index, 2);
                        receiversDone.incrementAndGet();
                        continue;
                    }
                    r.whenComplete((v, e) -> {
                        received.set(index, e == null && v == index ? 1 : 3);
                        receiversDone.incrementAndGet();
                    });
                }
            });
        }
        AtomicBoolean senderGaveUp = new AtomicBoolean();
        Thread sender = new Thread(() -> {
            try {
                for (int c = 0; c < chunks; c++) {
                    if (!firstPassDone[c].await(30, TimeUnit.SECONDS)) {
                        senderGaveUp.set(true);
                        return;
                    }
                    for (int i = c * pairs / chunks; i < (c + 1) * pairs / chunks; i++) {
                        if (shots.get(i).send(i)) {
                            accepted.set(i, 1);
                        }
                    }
                }
            } catch (InterruptedException e) {
                senderGaveUp.set(true);
            }
        }, "oneshot-sender");
        sender.start();
        sender.join(60_000);
        assertFalse(sender.isAlive());
        assertFalse(senderGaveUp.get(), "a chunk's first pass never ran");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (receiversDone.get() < pairs && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(pairs, receiversDone.get(), "receives left pending");
        int withdrawn = 0;
        int forced = 0;
        for (int i = 0; i < pairs; i++) {
            int r = received.get(i);
            assertTrue(r != 4, "oneshot " + i + ": a receive nobody could serve yet was not withdrawn by its cancel");
            assertTrue(r == 1 || r == 2 || r == 5, "oneshot " + i + ": the receive failed or got another value");
            assertEquals(r == 1, accepted.get(i) == 1, "oneshot " + i + ": received=" + (r == 1) + " but send "
                    + (accepted.get(i) == 1 ? "accepted" : "refused"));
            assertEquals(0, shots.get(i).waiting());
            forced += r == 5 ? 1 : 0;
            withdrawn += r == 2 ? 1 : 0;
        }
        int perChunk = pairs / chunks; // 20,000 / 8: no remainder
        assertEquals(chunks * ((perChunk + forcedEvery - 1) / forcedEvery), forced, "first-pass receives withdrawn");
        System.out.printf("oneshot stress: %d pairs, %d receives withdrawn before any send, %d at random "
                + "(%d found the value sent first)%n", pairs, forced, withdrawn, sentFirst.get());
    }
}
