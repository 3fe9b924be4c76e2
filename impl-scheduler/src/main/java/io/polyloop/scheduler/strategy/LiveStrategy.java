package io.polyloop.scheduler.strategy;

import io.polyloop.api.Strategy;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;
import io.polyloop.scheduler.loop.LoopThread;
import io.polyloop.scheduler.steal.WorkStealingPool;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The three strategies over one set of running loops, changeable while the runtime runs ({@link Reshape}):
 * <ul>
 *   <li>single-threaded: one loop does everything;</li>
 *   <li>thread-per-core: loops share nothing; work started on a loop, and every continuation and connection of it,
 *   stays there; work from outside goes round robin; listeners are spread over every loop;</li>
 *   <li>work-stealing: posts and spawns go to a {@link WorkStealingPool}, from which an idle loop takes work or
 *   steals half of a busy loop's queue; timers and I/O stay on the loop whose driver holds them.</li>
 * </ul>
 * Thread safe: the current {@link Shape} is one volatile reference, replaced as a whole.
 */
public final class LiveStrategy implements ExecutionStrategy {
    /** What the strategy is at one time: immutable but for the round-robin counter. */
    static final class Shape {
        final Strategy kind;
        final List<EventLoop> loops;
        /** The work-stealing pool, or null. */
        final WorkStealingPool pool;
        private final AtomicInteger next = new AtomicInteger();

        Shape(Strategy kind, List<EventLoop> loops, WorkStealingPool pool) {
            this.kind = kind;
            this.loops = List.copyOf(loops);
            this.pool = pool;
        }

        /** @return the caller's loop if it is one of ours, else the next in turn */
        EventLoop current() {
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

    /** A loop not started yet, pinned to CPU {@code position} (modulo the processors) if asked. */
    EventLoop newLoop(LoopConfig config, int position) {
        EventLoop l = new EventLoop(runtimeName + "-loop-" + made.getAndIncrement(), config);
        if (pin) {
            l.pinTo(position % Runtime.getRuntime().availableProcessors());
        }
        return l;
    }

    Shape shape() {
        return shape;
    }

    /** Publishes a new shape: new work follows it at once. Called by {@link Reshape} only. */
    void shape(Shape next) {
        this.shape = next;
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
        return s.pool != null ? s.pool : s.current();
    }

    @Override
    public boolean spreadsAccepts() {
        Shape s = shape;
        return s.kind != Strategy.SINGLE_THREADED && s.loops.size() > 1;
    }

    @Override
    public String reshape(Strategy kind, int threads, LoopConfig config, java.time.Duration timeout) {
        return Reshape.apply(this, kind, threads, config, timeout);
    }

    @Override
    public void reconfigure(LoopConfig config) {
        shape.loops.forEach(l -> l.reconfigure(config));
    }

    @Override
    public void shutdown() {
        Shape s = shape;
        if (s.pool != null) {
            s.pool.shutdown();
        }
        s.loops.forEach(EventLoop::shutdown);
    }
}
