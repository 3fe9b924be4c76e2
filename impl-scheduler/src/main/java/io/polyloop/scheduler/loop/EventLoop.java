package io.polyloop.scheduler.loop;

import io.polyloop.api.LoopInfo;
import io.polyloop.scheduler.buffer.DirectBufferPool;
import io.polyloop.scheduler.queue.MpscLinkedQueue;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.Timer;
import io.polyloop.scheduler.timer.TimerHeap;
import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One event loop: a thread that runs tasks, fires timers and polls an {@link IoDriver}, in that order, each turn.
 * {@link #execute}, {@link #reconfigure}, {@link #shutdown} and {@link #info} are thread safe; everything else is
 * for the loop thread only (asserted).
 *
 * <p>Wake-up protocol: before blocking, the loop sets {@code sleeping} and then re-checks its inbox; a producer
 * offers and then clears {@code sleeping}, waking the loop only if it was set. Both sides use sequentially consistent
 * accesses, so at least one of them sees the other (no lost wake-up), and a burst of posts costs one native wake-up.
 */
public final class EventLoop implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int TERMINATED = 2;
    private static final long SHUTDOWN_POLL_NANOS = 1_000_000;

    private final String name;
    private final LoopThread thread;
    private final MpscLinkedQueue<Runnable> inbox;
    private final ArrayDeque<Runnable> local = new ArrayDeque<>();
    private final TimerHeap timers = new TimerHeap();
    private final Set<LoopResource> resources = Collections.newSetFromMap(new IdentityHashMap<>());
    private final LoopTask<Void> terminated = new LoopTask<>(Runnable::run);
    private final CompletionSink sink = this::deliver;
    private final LoopStats stats = new LoopStats();
    private final DirectBufferPool buffers =
            new DirectBufferPool(DirectBufferPool.DEFAULT_BUFFER_SIZE, DirectBufferPool.DEFAULT_MAX_RETAINED);

    /** Producers between their state check and their offer: termination waits for them (see {@link #post}). */
    private final AtomicInteger producers = new AtomicInteger();
    /** Wakers holding a driver reference: a replaced driver is closed only when none holds it. */
    private final AtomicInteger wakers = new AtomicInteger();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final AtomicReference<LoopConfig> pendingConfig = new AtomicReference<>();

    private volatile int state = RUNNING;
    private volatile IoDriver driver;
    private volatile LoopConfig config;
    private boolean shutdownStarted;

    public EventLoop(String name, LoopConfig config) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.inbox = new MpscLinkedQueue<>(config.queueCapacity());
        this.thread = new LoopThread(this, name);
    }

    public void start() {
        thread.start();
    }

    public String name() {
        return name;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    // ------------------------------------------------------------------ posting (thread safe)

    /**
     * Queues {@code task}. From the loop itself tasks go to the local queue and are accepted while the loop drains
     * (they continue work it accepted); from other threads they are refused once shutdown has begun.
     *
     * @throws RejectedExecutionException when shut down or at {@code queueCapacity}
     */
    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (inLoop()) {
            if (state == TERMINATED) {
                throw new RejectedExecutionException(name + " has terminated; task rejected");
            }
            if (local.size() >= config.queueCapacity()) {
                throw new RejectedExecutionException(name + ": local queue is full (queueCapacity="
                        + config.queueCapacity() + "); task rejected");
            }
            local.add(task);
            return;
        }
        producers.incrementAndGet();
        try {
            if (state != RUNNING) {
                throw new RejectedExecutionException(name + " is shut down; task rejected");
            }
            if (!inbox.offer(task)) {
                throw new RejectedExecutionException(name + ": inbox is full (queueCapacity=" + inbox.capacity()
                        + "); task rejected");
            }
        } finally {
            producers.decrementAndGet();
        }
        wake();
    }

    private void wake() {
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            wakeNow();
        }
    }

    private void wakeNow() {
        wakers.incrementAndGet();
        try {
            IoDriver d = driver;
            if (d != null) {
                d.wakeup();
            } else {
                LockSupport.unpark(thread);
            }
        } finally {
            wakers.decrementAndGet();
        }
    }

    /** Applies new settings at the start of the next turn (a safe point: no callback is running). Thread safe. */
    public void reconfigure(LoopConfig next) {
        pendingConfig.set(Objects.requireNonNull(next, "next"));
        wakeNow();
    }

    /** Begins shutdown: refuses external tasks, drains accepted ones, closes resources. Thread safe. */
    public void shutdown() {
        if (state == RUNNING) {
            state = SHUTTING_DOWN;
        }
        wakeNow();
    }

    public LoopTask<Void> terminated() {
        return terminated;
    }

    public boolean isShutdown() {
        return state != RUNNING;
    }

    // ------------------------------------------------------------------ loop-thread API for front-ends

    /** @return the loop's driver, opened on first use. Loop thread only. */
    public IoDriver driver() throws IOException {
        assert inLoop() : "driver() called off loop " + name;
        IoDriver d = driver;
        if (d == null) {
            if (state != RUNNING) {
                throw new IOException(name + " is shutting down: no new I/O");
            }
            LoopConfig c = config;
            d = c.provider().open(c.driverOptions(name));
            driver = d;
            LOG.debug("{}: opened {} driver", name, d.backendName());
        }
        return d;
    }

    /** @return the loop's staging buffers. Loop thread only. */
    public DirectBufferPool buffers() {
        assert inLoop();
        return buffers;
    }

    /**
     * Runs {@code action} on this loop: at once when called on it, else posted. If the loop refuses the post the
     * task fails with the refusal.
     */
    public void run(Runnable action, LoopTask<?> task) {
        if (inLoop()) {
            action.run();
            return;
        }
        try {
            execute(action);
        } catch (RejectedExecutionException e) {
            task.completeExceptionally(e);
        }
    }

    /** Registers a resource to close at shutdown. Loop thread only. @throws IOException if shutting down */
    public void register(LoopResource resource) throws IOException {
        assert inLoop();
        if (state != RUNNING) {
            throw new IOException(name + " is shutting down: no new connections or listeners");
        }
        resources.add(resource);
    }

    public void unregister(LoopResource resource) {
        assert inLoop();
        resources.remove(resource);
    }

    /** Schedules a timer. Loop thread only. */
    public Timer schedule(long delayNanos, Runnable action, Runnable discard) {
        assert inLoop();
        return timers.schedule(System.nanoTime() + Math.max(0, delayNanos), action, discard);
    }

    public boolean cancel(Timer timer) {
        assert inLoop();
        return timers.cancel(timer);
    }

    // ------------------------------------------------------------------ the loop

    void run() {
        try {
            while (true) {
                LoopConfig next = pendingConfig.getAndSet(null);
                if (next != null) {
                    apply(next);
                }
                int budget = config.taskBudget();
                runTasks(budget);
                timers.expire(System.nanoTime(), budget, this::runSafely);
                if (state != RUNNING) {
                    beginShutdown();
                    if (canTerminate()) {
                        break;
                    }
                }
                pollIo(local.isEmpty() ? timers.nanosUntilNext(System.nanoTime()) : 0);
                stats.publish(local.size() + inbox.size(), timers.size(), resources.size());
            }
        } catch (Throwable fatal) {
            LOG.error("{}: event loop failed; it stops", name, fatal);
        } finally {
            terminate();
        }
    }

    private void runTasks(int budget) {
        for (int i = 0; i < budget; i++) {
            // Alternate sources so neither a self-reposting local task nor a flood of posts starves the other.
            Runnable task = (i & 1) == 0 ? pollLocalFirst() : pollInboxFirst();
            if (task == null) {
                return;
            }
            runSafely(task);
        }
    }

    private Runnable pollLocalFirst() {
        Runnable r = local.poll();
        return r != null ? r : inbox.poll();
    }

    private Runnable pollInboxFirst() {
        Runnable r = inbox.poll();
        return r != null ? r : local.poll();
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("{}: task {} threw; the loop goes on", name, task, t);
        }
    }

    private void pollIo(long timeoutNanos) throws IOException {
        if (shutdownStarted && (timeoutNanos < 0 || timeoutNanos > SHUTDOWN_POLL_NANOS)) {
            // A producer may be between its state check and its rejection: look again soon instead of sleeping.
            timeoutNanos = SHUTDOWN_POLL_NANOS;
        }
        if (timeoutNanos != 0) {
            sleeping.set(true);
            if (!inbox.isEmpty() || pendingConfig.get() != null || (state != RUNNING && !shutdownStarted)) {
                timeoutNanos = 0;
            }
        }
        try {
            IoDriver d = driver;
            if (d != null) {
                d.poll(sink, timeoutNanos);
            } else if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else if (timeoutNanos > 0) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } finally {
            sleeping.set(false);
        }
    }

    private void deliver(IoRequest request) {
        try {
            ((IoCompletion) request.attachment()).onIoComplete(request);
        } catch (Throwable t) {
            LOG.error("{}: completion handler of {} threw; the loop goes on", name, request, t);
        }
    }

    private void apply(LoopConfig next) throws IOException {
        LoopConfig current = config;
        inbox.capacity(next.queueCapacity());
        IoDriver old = driver;
        if (old != null && current.needsNewDriver(next)) {
            try {
                swapDriver(old, next);
            } catch (RuntimeException | LinkageError e) {
                // A backend bug (or a backend bundle of another SPI version) must not take the loop down.
                LOG.error("{}: replacing the {} driver failed; the loop keeps its settings", name,
                        old.backendName(), e);
                return;
            }
        }
        config = next;
    }

    /**
     * Moves every handle with its pending requests to a fresh driver; nothing is closed, nothing lost. Completions
     * that raced the detach are held back and delivered once the fresh driver holds the handles, so that callbacks
     * re-arming I/O reach the driver that can serve it.
     */
    private void swapDriver(IoDriver old, LoopConfig next) throws IOException {
        long start = System.nanoTime();
        IoDriver fresh;
        try {
            fresh = next.provider().open(next.driverOptions(name));
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: cannot open a {} driver; keeping the {} driver", name, next.provider().name(),
                    old.backendName(), e);
            return;
        }
        DriverHandoff handoff = old.detach();
        List<DetachedHandle> handles = handoff.handles();
        List<IoRequest> raced = new ArrayList<>(handoff.completed());
        try {
            fresh.adopt(handles);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: the {} driver refused the handles; reopening {}", name, fresh.backendName(),
                    old.backendName(), e);
            fresh.close(raced::add);
            fresh = config.provider().open(config.driverOptions(name));
            fresh.adopt(handles);
        }
        retire(old, fresh);
        for (IoRequest r : raced) {
            deliver(r);
        }
        LOG.info("{}: driver replaced ({} -> {}), {} handles moved in {} us", name, old.backendName(),
                fresh.backendName(), handles.size(), (System.nanoTime() - start) / 1000);
    }

    /** Publishes {@code replacement} and closes {@code old} once no waker can still be using it. */
    private void retire(IoDriver old, IoDriver replacement) {
        driver = replacement;
        while (wakers.get() != 0) {
            Thread.onSpinWait();
        }
        old.close(sink);
    }

    private void beginShutdown() {
        if (shutdownStarted) {
            return;
        }
        shutdownStarted = true;
        timers.clear(this::runSafely);
        for (LoopResource r : new ArrayList<>(resources)) {
            try {
                r.closeOnShutdown();
            } catch (Throwable t) {
                LOG.warn("{}: closing {} at shutdown failed", name, r, t);
            }
        }
    }

    private boolean canTerminate() {
        return producers.get() == 0 && inbox.isEmpty() && local.isEmpty() && resources.isEmpty()
                && timers.size() == 0;
    }

    private void terminate() {
        state = TERMINATED;
        IoDriver d = driver;
        if (d != null) {
            retire(d, null);
        }
        // Completions delivered by close() may have queued continuations: run them once, then stop.
        Runnable r;
        while ((r = local.poll()) != null) {
            runSafely(r);
        }
        while ((r = inbox.poll()) != null) {
            runSafely(r);
        }
        stats.publish(0, 0, 0);
        terminated.complete(null);
        LOG.debug("{}: terminated", name);
    }

    // ------------------------------------------------------------------ status (thread safe)

    public LoopInfo info() {
        IoDriver d = driver;
        return new LoopInfo(name, d != null ? d.backendName() : "none", stats.queued(), stats.timers(),
                stats.handles(), stats.turns());
    }

    @Override
    public String toString() {
        return name;
    }
}
