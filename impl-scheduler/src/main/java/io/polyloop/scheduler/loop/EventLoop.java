package io.polyloop.scheduler.loop;

import io.polyloop.api.LoopInfo;
import io.polyloop.scheduler.buffer.DirectBufferPool;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.Timer;
import io.polyloop.scheduler.timer.NanoClock;
import io.polyloop.scheduler.timer.TimerWheel;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One event loop: a thread that runs tasks, fires timers and polls an {@link IoDriver}, in that order, each turn.
 * {@link #execute}, {@link #reconfigure}, {@link #shutdown} and {@link #info} are thread safe; everything else is
 * for the loop thread only (asserted).
 *
 * <p>Wake-ups follow {@link DriverSlot}'s protocol: a burst of posts costs one native wake-up, none is lost.
 */
public final class EventLoop implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private static final int RUNNING = 0;
    private static final int SHUTTING_DOWN = 1;
    private static final int TERMINATED = 2;
    private static final long SHUTDOWN_POLL_NANOS = 1_000_000;

    private final String name;
    private final LoopThread thread;
    private final LoopTask<Void> terminated = new LoopTask<>(Runnable::run);
    private final LoopStats stats = new LoopStats();
    private final DirectBufferPool buffers =
            new DirectBufferPool(DirectBufferPool.DEFAULT_BUFFER_SIZE, DirectBufferPool.DEFAULT_MAX_RETAINED);

    private final AtomicReference<Reconfiguration> pendingConfig = new AtomicReference<>();

    private volatile int state = RUNNING;
    /** The thread running the loop: its own thread, or (caller-driven) whoever is inside {@link #drive}. */
    private volatile Thread owner;
    private SharedWork shared;
    private int sharedIndex = -1;
    /** Executor of the tasks this loop's I/O gives users: the loop, or under work stealing its pool hand-off. */
    private volatile Executor ioTasks = this;
    private BooleanSupplier driveDone;
    private final TimerWheel.TimerRunner timerRunner = this::runSafely;
    private int cpu = -1;

    // What a retirement takes out and puts in: package-private for LoopHandover. Loop thread only unless stated.
    /** Posts from other threads; offered to by any thread. */
    final LoopInbox inbox;
    final ArrayDeque<Runnable> local = new ArrayDeque<>();
    /**
     * Tasks at the head of {@link #local} that {@link LoopHandover#absorb} moved: they run before the inbox is
     * looked at.
     */
    int movedAhead;
    /** Run once at the end of the turn, before the poll (see {@link #atTurnEnd}). */
    final TurnEndActions turnEnd = new TurnEndActions();
    final TimerWheel timers;
    final Set<LoopResource> resources = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The driver as other threads see it, and the wake-up protocol; any thread. */
    final DriverSlot slot;
    /** The driver's loop side, and the sink of its completions. */
    final LoopIo io;
    volatile LoopConfig config;
    boolean shutdownStarted;

    public EventLoop(String name, LoopConfig config) {
        this(name, config, false);
    }

    /** @param callerDriven no thread of its own: callers run it with {@link #drive} */
    public EventLoop(String name, LoopConfig config, boolean callerDriven) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.inbox = new LoopInbox(config.queueCapacity());
        this.timers = new TimerWheel(NanoClock.SYSTEM, config.timerTickNanos());
        this.thread = callerDriven ? null : new LoopThread(this, name);
        this.owner = thread;
        this.slot = new DriverSlot(() -> owner);
        this.io = new LoopIo(name, slot, stats);
    }

    /** Starts the loop's thread; nothing for a caller-driven loop. */
    public void start() {
        if (thread != null) {
            thread.start();
        }
    }

    /**
     * Makes this loop take tasks from {@code work} too (work stealing), as member {@code index}; null: from nothing
     * shared. Any thread: a running loop takes the change as a task of its own.
     */
    public void share(SharedWork work, int index) {
        // a running loop switches between two tasks (a live change of strategy), never while parked in a pool
        if (!inLoop() && (thread == null || thread.getState() != Thread.State.NEW)) {
            execute(() -> share(work, index));
            return;
        }
        this.shared = work;
        this.sharedIndex = work == null ? -1 : index;
        Executor pool = work == null ? null : work.completions();
        this.ioTasks = pool == null ? this : new StealableCompletions(this, pool);
    }

    /**
     * @return the executor to give the {@code LoopTask}s that this loop's I/O completes for users (reads, writes,
     *         accepts, connects): this loop, or a {@link StealableCompletions} while it shares work that takes
     *         them. A task keeps the executor it was made with across a live change of strategy. Any thread.
     */
    public Executor ioTasks() {
        return ioTasks;
    }

    /** Makes the loop's thread pin itself to {@code cpu} when it starts, where the backend allows. Before start. */
    public void pinTo(int cpu) {
        this.cpu = cpu;
    }

    /** Wakes the loop if it blocks, or makes its next block return at once. Thread safe. */
    public void wake() {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            s.wake();
            return;
        }
        slot.wake();
    }

    public String name() {
        return name;
    }

    /** @return the settings the loop runs with (its heir's once retired); any thread */
    public LoopConfig config() {
        EventLoop s = successor; // retired: see successor
        return s != null ? s.config() : config;
    }

    public boolean inLoop() {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            return s.inLoop();
        }
        return Thread.currentThread() == owner;
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
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            s.execute(task);
            return;
        }
        Objects.requireNonNull(task, "task");
        if (inLoop()) {
            executeLocal(task);
            return;
        }
        // One CAS: shutdown and retirement close the inbox, so an offer that succeeds is one they will drain.
        // Kept small (the loop's own posts and refusals are methods of their own) so that it inlines into callers.
        if (!inbox.offer(task)) {
            refused(task);
            return;
        }
        slot.wakeIfSleeping();
    }

    /** A post from the loop itself: to the local queue. */
    private void executeLocal(Runnable task) {
        if (state == TERMINATED) {
            throw new RejectedExecutionException(name + " has terminated; task rejected");
        }
        if (local.size() >= config.queueCapacity()) {
            throw new RejectedExecutionException(name + ": local queue is full (queueCapacity="
                    + config.queueCapacity() + "); task rejected");
        }
        local.add(task);
    }

    /** A post the inbox refused: closed by a retirement (forwarded), by shutdown (rejected), or full (rejected). */
    private void refused(Runnable task) {
        if (inbox.isClosed()) {
            EventLoop moved = successor; // LoopHandover.absorb sets it before it closes the inbox
            if (moved != null) {
                moved.execute(task);
                return;
            }
            throw new RejectedExecutionException(name + " is shut down; task rejected");
        }
        throw new RejectedExecutionException(name + ": inbox is full (queueCapacity=" + inbox.capacity()
                + "); task rejected");
    }

    /**
     * Applies new settings at the start of the next turn (a safe point: no callback is running). A change not yet
     * taken by the loop is superseded by the next one (each is complete, not a delta). Thread safe.
     *
     * @return completed by the loop with null once applied, or with why not (the loop keeps its previous settings)
     */
    public CompletableFuture<String> reconfigure(LoopConfig next) {
        Reconfiguration change = new Reconfiguration(Objects.requireNonNull(next, "next"));
        Reconfiguration superseded = pendingConfig.getAndSet(change);
        if (superseded != null) {
            superseded.outcome.complete(name + ": superseded by a later change before it was applied");
        }
        if (state == TERMINATED && pendingConfig.compareAndSet(change, null)) {
            change.outcome.complete(name + " has terminated");
        }
        slot.wake();
        return change.outcome;
    }

    /** @return true if the loop runs on its callers' threads, so a change waits for the next caller. Any thread. */
    public boolean callerDriven() {
        return thread == null;
    }

    /** Begins shutdown: refuses external tasks, drains accepted ones, closes resources. Thread safe. */
    public void shutdown() {
        if (state == RUNNING) {
            state = SHUTTING_DOWN;
        }
        inbox.close(); // no post is accepted once this returns; those accepted before are drained
        slot.wake();
    }

    public LoopTask<Void> terminated() {
        return terminated;
    }


    // ------------------------------------------------------------------ loop-thread API for front-ends

    /** @return the loop's driver, opened on first use. Loop thread only. */
    public IoDriver driver() throws IOException {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            return s.driver();
        }
        assert inLoop() : "driver() called off loop " + name;
        IoDriver d = slot.current();
        if (d == null) {
            if (state != RUNNING) {
                throw new IOException(name + " is shutting down: no new I/O");
            }
            d = io.open(config);
        }
        return d;
    }

    /**
     * Submits {@code request} to the loop's driver and counts it as outstanding until its completion is delivered
     * (what {@code run()} of a caller-driven loop waits for). Front-ends submit through here, never to the driver
     * directly. Loop thread only.
     */
    public void submit(IoRequest request) {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            s.submit(request);
            return;
        }
        assert inLoop() : "submit() called off loop " + name;
        IoDriver d;
        try {
            d = driver();
        } catch (IOException e) {
            // A handle exists, so the driver does: failing to open one here is a bug, not an I/O condition.
            throw new java.io.UncheckedIOException(e);
        }
        io.submit(d, request);
    }

    /**
     * Runs {@code action} once at the end of this turn, right before the loop polls its driver, so that a front-end
     * can gather what the turn produced (the writes of a connection) into one submission. The caller queues itself
     * once until it ran (a flag of its own), which bounds the queue by the number of such users. Loop thread only.
     */
    public void atTurnEnd(Runnable action) {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            s.atTurnEnd(action);
            return;
        }
        assert inLoop() : "atTurnEnd() called off loop " + name;
        turnEnd.add(action);
    }

    /** @return I/O operations submitted and not yet delivered. Loop thread only. */
    public int pendingOps() {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            return s.pendingOps();
        }
        return io.pendingOps();
    }

    /** @return the loop's staging buffers. Loop thread only. */
    public DirectBufferPool buffers() {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            return s.buffers();
        }
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
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            s.register(resource);
            return;
        }
        assert inLoop();
        if (state != RUNNING) {
            throw new IOException(name + " is shutting down: no new connections or listeners");
        }
        resources.add(resource);
    }

    public void unregister(LoopResource resource) {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            s.unregister(resource);
            return;
        }
        assert inLoop();
        resources.remove(resource);
    }

    /** Schedules a timer. Loop thread only. */
    public Timer schedule(long delayNanos, Runnable action, Runnable discard) {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            return s.schedule(delayNanos, action, discard);
        }
        assert inLoop();
        long delay = Math.min(Math.max(0, delayNanos), TimerWheel.MAX_DELAY_NANOS);
        return scheduleAt(timers.clock().nanoTime() + delay, action, discard);
    }

    /**
     * Schedules a timer at an absolute time of {@link #nanoTime()}'s clock (fixed-rate schedules). Once shutdown has
     * begun (pending timers were dropped), a new timer is dropped at once the same way: its discard action runs, so
     * that work still draining cannot keep the loop alive with a timer. Loop only.
     */
    public Timer scheduleAt(long deadlineNanos, Runnable action, Runnable discard) {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            return s.scheduleAt(deadlineNanos, action, discard);
        }
        assert inLoop();
        Timer t = timers.schedule(deadlineNanos, action, discard);
        dropIfShuttingDown(t);
        return t;
    }

    /**
     * Schedules a timer that is its own action (not pending; one that fired or was cancelled may be scheduled
     * again), allocating nothing; the shutdown rule of {@link #scheduleAt(long, Runnable, Runnable)} applies. Loop
     * only.
     */
    public void scheduleAt(Timer timer, long deadlineNanos) {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            s.scheduleAt(timer, deadlineNanos);
            return;
        }
        assert inLoop();
        timers.schedule(timer, deadlineNanos);
        dropIfShuttingDown(timer);
    }

    private void dropIfShuttingDown(Timer t) {
        if (shutdownStarted) {
            timers.cancel(t);
            Runnable discard = t.discard();
            if (discard != null) {
                try {
                    execute(discard); // later in this drain, not inside the caller's schedule call
                } catch (RejectedExecutionException full) {
                    runSafely(discard);
                }
            }
        }
    }

    /** @return "now" on the clock of this loop's timers. Any thread. */
    public long nanoTime() {
        return timers.clock().nanoTime();
    }

    public boolean cancel(Timer timer) {
        EventLoop s = successor; // retired: see successor
        if (s != null) {
            return s.cancel(timer);
        }
        assert inLoop();
        return timers.cancel(timer);
    }

    // ------------------------------------------------------------------ the loop

    void run() {
        if (cpu >= 0) {
            LoopThread.pin(config.provider(), name, cpu);
        }
        try {
            while (turn()) {
                // one turn after another until the loop may terminate
            }
        } catch (Throwable fatal) {
            LOG.error("{}: event loop failed; it stops", name, fatal);
        } finally {
            terminate();
        }
    }

    /** One turn: config, tasks, timers, shutdown check, I/O. @return false when the loop may terminate */
    private boolean turn() throws IOException {
        stats.busy(System.nanoTime());
        // A plain read first: the getAndSet is a full fence, and a change is rare
        Reconfiguration change = pendingConfig.get() != null ? pendingConfig.getAndSet(null) : null;
        if (change != null) {
            change.outcome.complete(apply(change.config));
        }
        int budget = config.taskBudget();
        boolean budgetSpent = runTasks(budget) == budget;
        inbox.releaseTaken(); // the inbox keeps no more than a few of the posts this turn ran alive
        timers.expire(timers.clock().nanoTime(), budget, timerRunner);
        if (state != RUNNING) {
            beginShutdown();
            if (canTerminate()) {
                return false;
            }
        }
        // Published before the sleep, so that the status view of an idle loop is current.
        // Not the inbox's size: it reads the position every post CASes (a miss for the next post); info() adds it
        int queued = local.size() + (shared != null ? shared.queued(sharedIndex) : 0);
        stats.publish(queued, timers.size(), resources.size());
        if (shared != null) {
            stats.steals(shared.steals(sharedIndex));
        }
        turnEnd.run(name);
        // a spent budget: more work is likely queued, so I/O is polled without blocking (and without a watch)
        pollIo(!budgetSpent && local.isEmpty() && turnEnd.isEmpty()
                ? timers.nanosUntilNext(timers.clock().nanoTime()) : 0);
        return true;
    }

    /**
     * Caller-driven mode: runs turns on the calling thread until {@code done} is true, or, if {@code untilIdle},
     * until no task, timer or I/O operation is outstanding; returns at once if the loop has terminated. One caller
     * at a time; the caller counts as a loop thread meanwhile (blocking joins fail fast).
     *
     * @return tasks run by this call
     * @throws IllegalStateException if the loop has a thread of its own or another thread is driving it
     */
    public long drive(BooleanSupplier done, boolean untilIdle) {
        if (thread != null) {
            throw new IllegalStateException(name + " runs on its own thread; it cannot be driven by a caller");
        }
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (owner != null) {
                throw new IllegalStateException(name + " is already being driven by " + owner.getName());
            }
            owner = me;
        }
        LoopThread.beginDriving(this);
        long before = stats.tasksRun();
        driveDone = untilIdle ? () -> done.getAsBoolean() || idle() : done;
        try {
            while (state != TERMINATED && !driveDone.getAsBoolean()) {
                boolean go;
                try {
                    go = turn();
                } catch (Throwable fatal) {
                    LOG.error("{}: event loop failed; it stops", name, fatal);
                    go = false;
                }
                if (!go) {
                    terminate();
                }
            }
            return stats.tasksRun() - before;
        } finally {
            inbox.releaseAllTaken(); // still the consumer: an undriven loop keeps none of the posts it ran alive
            driveDone = null;
            LoopThread.endDriving();
            stats.idle();
            owner = null;
        }
    }

    /** @return true if no task, timer, I/O operation or configuration change is outstanding. Loop thread only. */
    private boolean idle() {
        return local.isEmpty() && inbox.isEmpty() && turnEnd.isEmpty() && timers.size() == 0 && io.pendingOps() == 0
                && pendingConfig.get() == null && (shared == null || !shared.hasWorkFor(sharedIndex));
    }

    /** @return true once the loop has terminated. Any thread. */
    public boolean isTerminated() {
        return state == TERMINATED;
    }

    /** @return tasks run: {@code budget} if it stopped on the budget */
    private int runTasks(int budget) {
        int i = 0;
        for (; i < budget; i++) {
            // Alternate sources so neither a self-reposting local task nor a flood of posts starves the other;
            // with work stealing, every third pick starts with the shared queues.
            Runnable task;
            if (movedAhead > 0) {
                // posted to a retired loop before newer posts reached this inbox: per-producer order
                movedAhead--;
                task = local.poll();
            } else if (shared != null && i % 3 == 2) {
                task = shared.next(sharedIndex);
                if (task == null) {
                    task = pollLocalFirst();
                }
            } else {
                task = (i & 1) == 0 ? pollLocalFirst() : pollInboxFirst();
                if (task == null && shared != null) {
                    task = shared.next(sharedIndex);
                }
            }
            if (task == null) {
                break;
            }
            runIsolated(task);
        }
        // Counted once per turn, and not in this object: every post reads its fields, so a store here per turn cost
        // the poster a miss per turn
        stats.ran(i);
        return i;
    }

    // The inbox's relaxed poll: a post claimed but not written yet is taken next turn (the sleep check sees it), so
    // catching up with a poster never reads the position that poster's next offer CASes.
    private Runnable pollLocalFirst() {
        Runnable r = local.poll();
        return r != null ? r : inbox.pollRelaxed();
    }

    private Runnable pollInboxFirst() {
        Runnable r = inbox.pollRelaxed();
        return r != null ? r : local.poll();
    }

    private void runSafely(Runnable task) {
        stats.ran(1);
        runIsolated(task);
    }

    private void runIsolated(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            LOG.error("{}: task {} threw; the loop goes on", name, task, t);
        }
    }

    private void pollIo(long timeoutNanos) throws IOException {
        if (shutdownStarted && (timeoutNanos < 0 || timeoutNanos > SHUTDOWN_POLL_NANOS)) {
            // Draining waits on resources closing and shared queues emptying: look again soon instead of sleeping.
            timeoutNanos = SHUTDOWN_POLL_NANOS;
        }
        if (timeoutNanos != 0 && inbox.postArrivedBeforeSleep()) {
            timeoutNanos = 0;
        }
        boolean parked = false;
        boolean announced = timeoutNanos != 0;
        if (announced) {
            inbox.releaseAllTaken(); // a sleeping loop keeps none of the posts it ran alive
            slot.beginSleep();
            if (shared != null) {
                shared.parking(sharedIndex);
                parked = true;
            }
            if (!inbox.isEmpty() || pendingConfig.get() != null || (state != RUNNING && !shutdownStarted)
                    || (shared != null && shared.hasWorkFor(sharedIndex))
                    || (driveDone != null && driveDone.getAsBoolean())) {
                timeoutNanos = 0;
            }
        }
        long sleepStart = 0;
        if (timeoutNanos != 0) {
            io.sleeping(); // a sleep is not a blocked turn; the next completion marks the loop busy again
            sleepStart = System.nanoTime();
        }
        try {
            IoDriver d = slot.current();
            if (d != null) {
                d.poll(io, timeoutNanos);
            } else if (timeoutNanos < 0) {
                LockSupport.park(this);
            } else if (timeoutNanos > 0) {
                LockSupport.parkNanos(this, timeoutNanos);
            }
        } finally {
            if (announced) {
                // only then: the flag is false already, and a store (a full fence, on the line every post reads)
                // per turn cost the posters a miss per turn
                slot.endSleep();
            }
            if (parked) {
                shared.unparked(sharedIndex);
            }
            if (timeoutNanos != 0) {
                inbox.woke(System.nanoTime() - sleepStart); // how long the next watch before sleep lasts
            }
        }
    }

    /** @return null if applied, else why not: the loop then keeps its previous settings and driver */
    private String apply(LoopConfig next) {
        LoopConfig current = config;
        IoDriver old = slot.current();
        if (old != null && current.needsNewDriver(next)) {
            String failure;
            try {
                failure = DriverSwap.swap(name, slot, old, current, next, io, stats);
            } catch (IOException | RuntimeException | LinkageError e) {
                // A backend bug (or a backend bundle of another SPI version) must not take the loop down.
                LOG.error("{}: replacing the {} driver failed; the loop keeps its settings", name,
                        old.backendName(), e);
                return name + ": replacing the " + old.backendName() + " driver failed: " + e;
            }
            if (failure != null) {
                return failure;
            }
        }
        inbox.capacity(next.queueCapacity());
        timers.retick(next.timerTickNanos()); // every pending timer keeps its deadline
        config = next;
        return null;
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
        return inbox.isClosed() && inbox.isEmpty() && local.isEmpty() && resources.isEmpty()
                && timers.size() == 0 && (shared == null || shared.drained(sharedIndex));
    }

    private void terminate() {
        state = TERMINATED;
        inbox.close(); // a loop that failed was not shut down: refuse from now on, run what was accepted below
        Reconfiguration change = pendingConfig.getAndSet(null);
        if (change != null) {
            change.outcome.complete(name + " has terminated");
        }
        IoDriver d = slot.current();
        if (d != null) {
            slot.replace(d, null, io);
        }
        // Completions delivered by close() may have queued continuations: run them once, then stop.
        Runnable r;
        while ((r = local.poll()) != null) {
            runSafely(r);
        }
        while ((r = inbox.poll()) != null) {
            runSafely(r);
        }
        inbox.releaseAllTaken(); // what earlier turns took with the relaxed poll
        stats.publish(0, 0, 0);
        stats.idle();
        terminated.complete(null);
        LOG.debug("{}: terminated", name);
    }

    // ------------------------------------------------------------------ retiring (live change of threads)

    /**
     * The loop that took over this one's handles, tasks and timers when a live change of {@code threads} or
     * {@code strategy} retired it, or null. Front-end objects keep their final reference to the loop they were
     * made on; once this is set, every call they make through it (posts, submits, the driver, timers, buffers,
     * resources, {@link #inLoop()}) reaches the successor, so nothing above the loop has to move.
     */
    volatile EventLoop successor;

    /** Old loop thread, after a successful {@link LoopHandover#absorb}: ends the loop; its thread terminates. */
    void retire() {
        assert successor != null;
        state = SHUTTING_DOWN; // nothing is left to drain: the next turn terminates the loop and closes the driver
        LOG.debug("{}: retired; {} holds its work", name, successor);
    }

    /** @return the loop this one forwards to (itself unless retired). Any thread. */
    public EventLoop live() {
        EventLoop s = successor;
        return s == null ? this : s.live();
    }

    // ------------------------------------------------------------------ status (thread safe)

    public LoopInfo info() {
        IoDriver d = slot.current();
        return stats.snapshot(name, d != null ? d.backendName() : "none", slot.wakeups(), inbox.size());
    }

    /** @return posts queued in the inbox (0 once retired: they moved to the heir). Any thread; a snapshot. */
    int postsWaiting() {
        return successor != null ? 0 : inbox.size();
    }

    /** @return the thread running the loop now, or null (a caller-driven loop nobody drives). Any thread. */
    Thread runner() {
        return owner;
    }

    LoopStats stats() {
        return stats;
    }

    @Override
    public String toString() {
        return name;
    }
}
