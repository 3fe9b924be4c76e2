package io.polyloop.scheduler.strategy;

import io.polyloop.api.ReshapeInfo;
import io.polyloop.api.Strategy;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;
import io.polyloop.scheduler.loop.LoopThread;
import io.polyloop.scheduler.steal.WorkStealingPool;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The three strategies over one set of running loops, changeable while the runtime runs ({@link Reshape}):
 * <ul>
 *   <li>single-threaded: one loop does everything;</li>
 *   <li>thread-per-core: loops share nothing; work started on a loop, and every continuation and connection of it,
 *   stays there; work from outside goes round robin; listeners are spread over every loop;</li>
 *   <li>work-stealing: posts and spawns go to a {@link WorkStealingPool}, from which an idle loop takes work or
 *   steals half of a busy loop's queue; timers and I/O stay on the loop whose driver holds them.</li>
 * </ul>
 * Thread safe: the current {@link Shape} is one volatile reference, replaced as a whole. A change and
 * {@link #shutdown} exclude each other: a shutdown off the loops waits for a change in progress (it runs to its
 * end, so nothing queued is dropped); one on a loop cannot wait (the change may wait for that loop), so the change
 * notices it: it publishes nothing more and shuts down the loops it made or kept out of the shape. Either way every
 * loop ever made is in {@link #terminated()}.
 */
public final class LiveStrategy implements ExecutionStrategy {
    /** What the strategy is at one time: immutable but for the round-robin counter. */
    static final class Shape {
        final Strategy kind;
        final List<EventLoop> loops;
        /** The work-stealing pool, or null. */
        final WorkStealingPool pool;
        /**
         * Where posts go when that does not depend on the caller: the pool, or the one loop; null with several
         * loops. One field read per post, and a taskExecutor() small enough to inline into every poster.
         */
        final Executor tasks;
        private final AtomicInteger next = new AtomicInteger();

        Shape(Strategy kind, List<EventLoop> loops, WorkStealingPool pool) {
            this.kind = kind;
            this.loops = List.copyOf(loops);
            this.pool = pool;
            this.tasks = pool != null ? pool : this.loops.size() == 1 ? this.loops.get(0) : null;
        }

        /** @return the caller's loop if it is one of ours, else the next in turn */
        EventLoop current() {
            if (loops.size() == 1) {
                // whoever calls, it is this loop: no thread-local look-up, no shared counter bumped per post
                return loops.get(0);
            }
            EventLoop own = LoopThread.currentLoop();
            if (own != null && loops.contains(own)) {
                return own;
            }
            return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
        }
    }

    private final String runtimeName;
    private final boolean pin;
    /** Loops made so far: names the next one, so that a retired loop's name is never reused. */
    private final AtomicInteger made = new AtomicInteger();
    private volatile Shape shape;
    /** Held by a change for its whole length: a shutdown off the loops waits for it. */
    private final ReentrantLock changing = new ReentrantLock();
    /** Set first by a shutdown: a change that has not begun yet does not begin. */
    private volatile boolean stopping;
    /** Shutdown has taken the shape: no loop is made and no shape published from now on. Guarded by this. */
    private boolean closing;
    /** Every loop made and not yet terminated, in or out of the shape (a retiring one, one a change made). */
    private final Set<EventLoop> alive = ConcurrentHashMap.newKeySet();
    /** The reshapes so far and the last one; written by {@link Reshape} under {@link #changing}. */
    private volatile ReshapeInfo reshapes = ReshapeInfo.NONE;

    /**
     * @param threads loops for the multi-loop strategies, 0 = one per available processor; single-threaded runs one
     * @param pin     pin loop i to CPU i modulo the available processors ({@code affinity=sequential})
     */
    public LiveStrategy(String runtimeName, Strategy kind, int threads, LoopConfig config, boolean pin) {
        this.runtimeName = runtimeName;
        this.pin = pin;
        int n = loopCount(kind, threads);
        EventLoop[] loops = new EventLoop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = newLoop(config, i);
        }
        List<EventLoop> all = List.of(loops);
        this.shape = new Shape(kind, all, kind == Strategy.WORK_STEALING
                ? new WorkStealingPool(all, config.queueCapacity()) : null);
    }

    /** @return the loops {@code kind} runs with {@code threads}: 1 for single-threaded, 0 = one per processor */
    static int loopCount(Strategy kind, int threads) {
        if (kind == Strategy.SINGLE_THREADED) {
            return 1;
        }
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /**
     * A loop not started yet, pinned to CPU {@code position} (modulo the processors) if asked.
     *
     * @throws RejectedExecutionException once shutdown has begun
     */
    synchronized EventLoop newLoop(LoopConfig config, int position) {
        if (closing) {
            throw new RejectedExecutionException(runtimeName + " is shutting down: no new loop");
        }
        EventLoop l = new EventLoop(runtimeName + "-loop-" + made.getAndIncrement(), config);
        if (pin) {
            l.pinTo(position % Runtime.getRuntime().availableProcessors());
        }
        alive.add(l);
        l.terminated().whenComplete((v, e) -> alive.remove(l));
        return l;
    }

    Shape shape() {
        return shape;
    }

    /**
     * Publishes a new shape: new work follows it at once. Called by {@link Reshape} only.
     *
     * @return false (nothing published) once shutdown has begun: the caller shuts down what it made
     */
    synchronized boolean publish(Shape next) {
        if (closing) {
            return false;
        }
        this.shape = next;
        return true;
    }

    /** Records a reshape that ended (moved everything, or {@code failure} says what not). Called by {@link Reshape}. */
    void reshaped(String from, String to, long tookNanos, long longestPauseNanos, String failure) {
        assert changing.isHeldByCurrentThread();
        reshapes = new ReshapeInfo(reshapes.count() + 1, System.currentTimeMillis(), from, to, tookNanos,
                longestPauseNanos, failure);
    }

    @Override
    public ReshapeInfo reshapes() {
        return reshapes;
    }

    /** @return true once shutdown has begun. Guarded by this. */
    boolean closing() {
        assert Thread.holdsLock(this);
        return closing;
    }

    @Override
    public String name() {
        return shape.kind.configName();
    }

    /** @return the strategy running now */
    public Strategy kind() {
        return shape.kind;
    }

    @Override
    public void start() {
        shape.loops.forEach(EventLoop::start);
    }

    @Override
    public List<EventLoop> loops() {
        return shape.loops;
    }

    @Override
    public EventLoop loopForNewWork() {
        return shape.current();
    }

    @Override
    public Executor taskExecutor() {
        Shape s = shape;
        Executor t = s.tasks;
        return t != null ? t : s.current();
    }

    @Override
    public boolean spreadsAccepts() {
        // even on one loop: a live change of threads may add loops, and the listener gains a socket on each
        return shape.kind != Strategy.SINGLE_THREADED;
    }

    @Override
    public String reshape(Strategy kind, int threads, LoopConfig config, Duration timeout) {
        changing.lock();
        try {
            if (stopping) {
                return runtimeName + " is shutting down; accepted: no change of strategy or threads any more";
            }
            return Reshape.apply(this, kind, threads, config, timeout);
        } finally {
            changing.unlock();
        }
    }

    @Override
    public void reconfigure(LoopConfig config) {
        shape.loops.forEach(l -> l.reconfigure(config));
    }

    @Override
    public void shutdown() {
        shutdown(Duration.ZERO);
    }

    /**
     * Begins shutdown of the loops of the shape; off the loops, first waits up to {@code waitForChange} for a change
     * in progress to end (on a loop it cannot: see the class comment).
     */
    @Override
    public void shutdown(Duration waitForChange) {
        stopping = true;
        boolean locked = false;
        if (!LoopThread.isLoopThread() && !changing.isHeldByCurrentThread()) {
            try {
                locked = changing.tryLock(waitForChange.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Shape s;
            synchronized (this) {
                closing = true;
                s = shape;
            }
            if (s.pool != null) {
                s.pool.shutdown();
            }
            s.loops.forEach(EventLoop::shutdown);
        } finally {
            if (locked) {
                changing.unlock();
            }
        }
    }

    /** @return completed once every loop made, in the shape or not, has terminated; call after {@link #shutdown} */
    @Override
    public CompletableFuture<Void> terminated() {
        return CompletableFuture.allOf(alive.stream().map(EventLoop::terminated).toArray(CompletableFuture[]::new));
    }
}
