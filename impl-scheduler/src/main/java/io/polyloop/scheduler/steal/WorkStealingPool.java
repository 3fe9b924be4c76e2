package io.polyloop.scheduler.steal;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopThread;
import io.polyloop.scheduler.loop.SharedWork;

import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The shared side of the work-stealing strategy: a {@link StealableQueue} per loop, one {@link InjectQueue} for
 * work from outside, and the parking protocol. Thread safe.
 *
 * <p>Wake-ups: a loop about to block marks itself parked and then looks at its queue and the inject queue once
 * more; a producer publishes its task, then (after a full fence) looks for a parked loop and wakes one. One of the
 * two sees the other, so no task waits while a loop sleeps; and a loop sleeps in its driver, so an idle runtime
 * uses no CPU. A producer on a loop wakes a sibling only when no loop is already searching for work (Tokio's
 * rule), so a burst of spawns does not wake every loop at once.
 *
 * <p>With two loops or more, the continuations users chain on I/O tasks come here too (see
 * {@link io.polyloop.scheduler.loop.StealableCompletions}): the loop owning a handle completes the task, the
 * continuation waits in that loop's stealable queue.
 */
public final class WorkStealingPool implements Executor, SharedWork {
    /** Tasks a loop's stealable queue holds before it overflows half of them to the inject queue. */
    public static final int LOCAL_CAPACITY = Integer.getInteger("io.polyloop.steal.localCapacity", 256);
    /**
     * Whether user continuations of I/O tasks are stealable (with two loops or more); false keeps them inline on the
     * handle's loop, as thread-per-core does. A switch for A/B measurements, not a setting.
     */
    static final boolean STEAL_COMPLETIONS =
            Boolean.parseBoolean(System.getProperty("io.polyloop.steal.completions", "true"));

    private final EventLoop[] loops;
    private final StealableQueue[] locals;
    private final InjectQueue inject;
    private final AtomicIntegerArray parked;
    private final AtomicInteger parkedCount = new AtomicInteger();
    private final AtomicInteger searching = new AtomicInteger();
    private final AtomicInteger producers = new AtomicInteger();
    private final AtomicLongArray steals;
    private final int[] ticks;
    private volatile boolean closed;
    private final Executor completionHop = this::executeCompletion;
    /** Set when a live change of strategy or threads replaced this pool: where its tasks go from then on. */
    private volatile Executor successor;

    public WorkStealingPool(List<EventLoop> members, int injectCapacity) {
        this.loops = members.toArray(EventLoop[]::new);
        this.locals = new StealableQueue[loops.length];
        for (int i = 0; i < loops.length; i++) {
            locals[i] = new StealableQueue(LOCAL_CAPACITY);
        }
        this.inject = new InjectQueue(injectCapacity);
        this.parked = new AtomicIntegerArray(loops.length);
        this.steals = new AtomicLongArray(loops.length);
        this.ticks = new int[loops.length];
        // last: a running loop (a live change of strategy) may use the pool as soon as it is shared
        for (int i = 0; i < loops.length; i++) {
            loops[i].share(this, i);
        }
    }

    // ------------------------------------------------------------------ producers (any thread)

    /** @throws RejectedExecutionException once shut down, or when the inject queue is full */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        Executor next = successor;
        if (next != null) {
            next.execute(task); // a stale reference to a replaced pool (see retire)
            return;
        }
        int own = indexOf(LoopThread.currentLoop());
        if (own >= 0 && !closed) {
            if (!locals[own].push(task)) {
                overflow(own, task);
            }
            VarHandle.fullFence();
            if (searching.get() == 0) {
                wakeOne(own);
            }
            return;
        }
        producers.incrementAndGet();
        try {
            next = successor; // a retire that began after the check above waits for us, then drains the inject queue
            if (next == null) {
                if (closed && own < 0) {
                    throw new RejectedExecutionException("work-stealing runtime is shut down; task rejected");
                }
                offerInject(task);
            }
        } finally {
            producers.decrementAndGet();
        }
        if (next != null) {
            next.execute(task);
            return;
        }
        VarHandle.fullFence();
        wakeOne(-1);
    }

    /** Moves half of a full local queue to the inject queue (oldest first), then queues {@code task} locally. */
    private void overflow(int own, Runnable task) {
        for (int i = 0; i < LOCAL_CAPACITY / 2; i++) {
            Runnable r = locals[own].poll();
            if (r == null) {
                break;
            }
            offerInject(r);
        }
        if (!locals[own].push(task)) {
            offerInject(task);
        }
    }

    private void offerInject(Runnable task) {
        if (!inject.offer(task)) {
            throw new RejectedExecutionException("work-stealing inject queue is full (queueCapacity="
                    + inject.capacity() + "); task rejected");
        }
    }

    private int indexOf(EventLoop loop) {
        if (loop != null) {
            for (int i = 0; i < loops.length; i++) {
                if (loops[i] == loop) {
                    return i;
                }
            }
        }
        return -1;
    }

    private void wakeOne(int except) {
        if (parkedCount.get() == 0) {
            return;
        }
        int start = ThreadLocalRandom.current().nextInt(loops.length);
        for (int k = 0; k < loops.length; k++) {
            int j = (start + k) % loops.length;
            if (j != except && parked.compareAndSet(j, 1, 0)) {
                parkedCount.decrementAndGet();
                loops[j].wake();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ consumers (loop threads)

    @Override
    public Runnable next(int index) {
        // Look at the inject queue first now and then, so a loop fed by its own spawns does not starve it.
        boolean injectFirst = (++ticks[index] & 31) == 0;
        Runnable r = injectFirst ? inject.poll() : null;
        if (r == null) {
            r = locals[index].poll();
        }
        if (r == null && !injectFirst) {
            r = inject.poll();
        }
        return r != null ? r : steal(index);
    }

    private Runnable steal(int index) {
        if (loops.length == 1) {
            return null;
        }
        searching.incrementAndGet();
        try {
            int start = ThreadLocalRandom.current().nextInt(loops.length);
            for (int k = 0; k < loops.length; k++) {
                int victim = (start + k) % loops.length;
                if (victim == index) {
                    continue;
                }
                int n = locals[victim].stealHalfInto(locals[index]);
                if (n > 0) {
                    steals.addAndGet(index, n);
                    return locals[index].poll();
                }
            }
            return null;
        } finally {
            if (searching.decrementAndGet() == 0 && locals[index].size() > 0) {
                VarHandle.fullFence();
                wakeOne(index);
            }
        }
    }

    @Override
    public boolean hasWorkFor(int index) {
        return !locals[index].isEmpty() || !inject.isEmpty();
    }

    @Override
    public void parking(int index) {
        parked.set(index, 1);
        parkedCount.incrementAndGet();
    }

    @Override
    public void unparked(int index) {
        if (parked.compareAndSet(index, 1, 0)) {
            parkedCount.decrementAndGet();
        }
    }

    @Override
    public int queued(int index) {
        return locals[index].size();
    }

    @Override
    public boolean drained(int index) {
        return producers.get() == 0 && locals[index].isEmpty() && inject.isEmpty();
    }

    /** With one loop nobody could steal what the hand-off queues: continuations stay inline there. */
    @Override
    public Executor completions() {
        return loops.length > 1 && STEAL_COMPLETIONS ? completionHop : null;
    }

    /**
     * A continuation of an I/O completion, on the loop that completed it: queued there like a spawn, but a sibling
     * is woken only once a backlog builds. The loop runs its queue right after this turn's completions anyway, so
     * one completion at a time (a request/response exchange) costs no wake-up; a burst is shared.
     */
    private void executeCompletion(Runnable task) {
        int own = indexOf(LoopThread.currentLoop());
        if (own < 0 || closed || successor != null) {
            execute(task);
            return;
        }
        if (!locals[own].push(task)) {
            overflow(own, task);
        }
        if (locals[own].size() > 1) {
            VarHandle.fullFence();
            if (searching.get() == 0) {
                wakeOne(own);
            }
        }
    }

    @Override
    public long steals(int index) {
        return steals.get(index);
    }

    /**
     * A live change of strategy or threads replaces this pool: from now on every task offered here goes to
     * {@code next}. Waits for producers from outside the loops that are offering at this moment. What is still
     * queued moves with {@link #handOver(int)} (each member loop, on its own thread, so that no push of that loop
     * can land after it) and then {@link #handOverInject()}.
     */
    public void retire(Executor next) {
        successor = Objects.requireNonNull(next, "next");
        while (producers.get() != 0) {
            Thread.onSpinWait();
        }
    }

    /** Member loop {@code index}'s thread, after {@link #retire}: moves its stealable queue to the successor. */
    public void handOver(int index) {
        Runnable r;
        while ((r = locals[index].poll()) != null) {
            successor.execute(r);
        }
    }

    /** After every member's {@link #handOver(int)}: moves the inject queue to the successor. */
    public void handOverInject() {
        Runnable r;
        while ((r = inject.poll()) != null) {
            successor.execute(r);
        }
    }

    /** @return the member index of {@code loop}, or -1 */
    public int memberIndex(EventLoop loop) {
        return indexOf(loop);
    }

    /** Refuses work from outside the loops from now on; loops drain what was accepted. */
    public void shutdown() {
        closed = true;
    }
}
