package io.polyloop.scheduler.runtime;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.LoopInfo;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Task;
import io.polyloop.api.sync.SyncPrimitives;
import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.file.AsyncFile;
import io.polyloop.api.file.FileOpenOptions;
import io.polyloop.api.net.HostAndPort;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpOptions;
import io.polyloop.api.net.TcpStream;
import io.polyloop.api.net.UdpSocket;
import io.polyloop.scheduler.buffer.SharedBufferPool;
import io.polyloop.scheduler.dns.Resolver;
import io.polyloop.scheduler.file.LoopFile;
import io.polyloop.scheduler.net.LoopUdpSocket;
import io.polyloop.scheduler.blocking.WorkerPools;
import io.polyloop.scheduler.loop.BlockedLoopWatchdog;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;
import io.polyloop.scheduler.loop.LoopThread;
import io.polyloop.scheduler.net.SpreadTcpListener;
import io.polyloop.scheduler.net.TcpConnector;
import io.polyloop.scheduler.strategy.ExecutionStrategy;
import io.polyloop.scheduler.sync.RuntimeSync;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.time.Delays;
import io.polyloop.scheduler.time.IntervalTimer;
import io.polyloop.scheduler.time.ScheduledCall;
import io.polyloop.scheduler.time.TimeoutTimer;
import io.polyloop.scheduler.task.Spawn;
import io.polyloop.scheduler.task.Submission;
import io.polyloop.spi.IoBackendProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/** The {@link IoRuntime} facade: stable for the runtime's life while settings and drivers change under it. */
public final class PolyloopRuntime implements IoRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(PolyloopRuntime.class);
    /** How long a change waits for every loop's safe point before it is rolled back. */
    private static final Duration SAFE_POINT_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final BackendRegistry backends;
    private final ExecutionStrategy strategy;
    private final Ownership ownership;
    private final LoopTask<Void> terminated;
    private final Object configLock = new Object();
    private final SyncPrimitives sync;

    private final WorkerPools pools;
    private final BlockedLoopWatchdog watchdog;

    private volatile RuntimeSettings settings;
    private volatile IoBackendProvider provider;
    private volatile String lastRejection;
    /** Rejections since start (written under configLock): a repeat of the same text is still a new one. */
    private volatile long rejections;
    /** Bumped by every change the loops took (under configLock): tells a late caller-driven failure if it is stale. */
    private long generation;
    /** Shutdown has begun: configuration changes are ignored from now on. */
    private volatile boolean closed;
    /** Set once the strategy refuses new work, so that isClosed() == true means a post is rejected. */
    private volatile boolean refusing;
    private final SharedBufferPool bufferPool;
    /** Listeners with a socket per loop: they gain sockets on the loops a live change of threads adds. */
    private final SpreadListeners spreadListeners;

    @Inject
    PolyloopRuntime(@Named("runtimeName") String name, RuntimeSettings settings, IoBackendProvider provider,
                    BackendRegistry backends, ExecutionStrategy strategy, Ownership ownership) {
        this.name = name;
        this.settings = settings;
        this.provider = provider;
        this.backends = backends;
        this.strategy = strategy;
        this.spreadListeners = new SpreadListeners(strategy::loops);
        // each waiting task goes to the caller's loop, else to the strategy's choice, at the time of the call
        this.sync = new RuntimeSync(() -> this.strategy.loopForNewWork());
        this.ownership = ownership;
        this.terminated = new LoopTask<>(Runnable::run);
        this.pools = new WorkerPools(name, settings);
        this.watchdog = new BlockedLoopWatchdog(name, strategy::loops, settings.blockedThresholdMillis(),
                BlockedLoopWatchdog.LOG_WARN);
        this.bufferPool = new SharedBufferPool(SharedBufferPool.DEFAULT_MAX_RETAINED, settings.leakSampling());
        bufferPool.leakTracking(settings.leakSampling(), settings.trackLeaks());
        RetiredProperties.warn(LOG, name);
        strategy.start();
        watchdog.start();
        LOG.info("{} started: strategy {}, backend {} (configured {}), {} loop(s)", name, strategy.name(),
                provider.name(), settings.backend(), strategy.loops().size());
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Validates and applies new properties (Config Admin's or a caller's). A rejected change leaves every setting
     * as it was, is logged with what was wrong and what is accepted, and shows in {@link #info()} until a valid
     * change arrives. Thread safe; changes are serialised.
     *
     * @return true if applied
     */
    public boolean applyProperties(Map<String, ?> properties) {
        synchronized (configLock) {
            RuntimeSettings next;
            IoBackendProvider p;
            try {
                next = RuntimeSettings.parse(properties);
                p = backends.select(next.backend());
            } catch (IllegalArgumentException e) {
                reject(e.getMessage());
                LOG.warn("polyloop runtime configuration rejected: {}; {} keeps {}", e.getMessage(), name, settings);
                return false;
            }
            if (closed) {
                LOG.debug("{} is closed; configuration ignored", name);
                return false;
            }
            RuntimeSettings now = settings;
            boolean reshape = next.strategy() != now.strategy()
                    || next.strategy() != io.polyloop.api.Strategy.SINGLE_THREADED && next.threads() != now.threads();
            String failure = reshape ? reshape(next, now) : null;
            if (closed) { // shutdown began during the reshape: the loops are ending, there is nothing to apply to
                LOG.debug("{} closed during a configuration change; the rest of the change is dropped", name);
                return false;
            }
            if (failure == null) {
                failure = reconfigureLoops(LoopConfig.of(next, p), LoopConfig.of(settings, provider), true);
                if (failure != null && reshape) {
                    failure = failure + "; " + reshapeBack(now);
                }
            }
            if (failure != null) {
                reject(failure);
                LOG.warn("polyloop runtime configuration rejected: {}; {} keeps {}", failure, name, settings);
                return false;
            }
            pools.reconfigure(next);
            watchdog.threshold(next.blockedThresholdMillis());
            bufferPool.leakTracking(next.leakSampling(), next.trackLeaks());
            settings = next;
            provider = p;
            lastRejection = null;
            generation++;
            LOG.info("polyloop runtime configuration applied: {} (backend resolves to {}; {} runs {} loop(s))",
                    next, p.name(), strategy.name(), strategy.loops().size());
            return true;
        }
    }

    /** Shows {@code why} as the last rejection. Caller holds {@code configLock}. */
    private void reject(String why) {
        assert Thread.holdsLock(configLock);
        lastRejection = why;
        rejections++;
    }

    /**
     * A live change of strategy or threads (the loops keep the settings in effect; the change of the others
     * follows). Caller holds {@code configLock}.
     *
     * @return null if done, else why not, with the strategy back as it was where possible
     */
    private String reshape(RuntimeSettings next, RuntimeSettings now) {
        if (inLoop()) {
            return "a change of strategy or threads was made on one of " + name + "'s loops, which would wait for"
                    + " itself; make it from a thread that is not one of its loops";
        }
        String why = strategy.reshape(next.strategy(), next.threads(), LoopConfig.of(now, provider),
                SAFE_POINT_TIMEOUT);
        if (why == null && !closed) {
            String listening = spreadListeners.grow(SAFE_POINT_TIMEOUT);
            if (listening != null) { // the change stands: the sockets that exist keep serving their addresses
                LOG.warn("{}: {}", name, listening);
            }
        }
        if (why == null || closed || strategy.loops().get(0).callerDriven()) {
            // closed: shutdown took the shape as it is; nothing to go back to
            return why; // a caller-driven runtime refuses before anything changes: nothing to go back from
        }
        return why + "; " + reshapeBack(now);
    }

    private String reshapeBack(RuntimeSettings now) {
        String back = strategy.reshape(now.strategy(), now.threads(), LoopConfig.of(now, provider),
                SAFE_POINT_TIMEOUT);
        return back == null ? "the strategy is back to " + now.strategy().configName() + " with "
                + strategy.loops().size() + " loop(s)" : "going back to the previous strategy failed too: " + back;
    }

    /**
     * Called when a provider leaves (its bundle stops). If the loops use it, they move live, by detach/adopt, to the
     * provider the {@code backend} setting now resolves to, or to the best available one when the setting names the
     * provider that left ({@link #onProviderAdded} returns to it); if none is left they keep their open drivers
     * (the classes stay loaded until the scheduler bundle is refreshed) and the log says so.
     */
    public void onProviderRemoved(IoBackendProvider gone) {
        synchronized (configLock) {
            if (gone != provider || closed) {
                return;
            }
            try {
                IoBackendProvider next = fallback();
                // no rollback: going back would reopen drivers of a backend whose bundle is stopping
                String failure = reconfigureLoops(LoopConfig.of(settings, next), LoopConfig.of(settings, gone), false);
                if (failure != null) {
                    failure = retryStragglers(gone, next); // an open that failed once (fds, memory) may not again
                }
                provider = next;
                generation++;
                if (failure == null) {
                    LOG.warn("{}: backend {} went away; the loops moved to {}", name, gone.name(), next.name());
                } else {
                    // shown by info() (polyloop:status, JMX) until a change is applied: that one moves them too
                    reject("backend " + gone.name() + " went away; the loops moved to " + next.name()
                            + " but some keep their " + gone.name() + " driver (they still serve; the next applied"
                            + " change moves them): " + failure);
                    LOG.error("{}: {}", name, lastRejection);
                }
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: backend {} in use went away and nothing can replace it ({}); the loops keep their open"
                        + " drivers", name, gone.name(), e.getMessage());
            }
        }
    }

    /**
     * Moves the loops still on {@code gone}'s driver to {@code next}, once. Caller holds {@code configLock}.
     *
     * @return null if none is left on {@code gone}, else why not
     */
    private String retryStragglers(IoBackendProvider gone, IoBackendProvider next) {
        List<EventLoop> left = strategy.loops().stream().filter(l -> l.info().backend().equals(gone.name()))
                .collect(Collectors.toList());
        if (left.isEmpty()) {
            return null;
        }
        LoopConfig target = LoopConfig.of(settings, next);
        return awaitLoops(left, left.stream().map(l -> l.reconfigure(target)).collect(Collectors.toList()));
    }

    /** @return what {@code backend} resolves to now, else (the named backend is gone) the best available one */
    private IoBackendProvider fallback() {
        try {
            return backends.select(settings.backend());
        } catch (IllegalArgumentException e) {
            return backends.select(RuntimeSettings.AUTO);
        }
    }

    /**
     * Called when a provider arrives (its bundle starts). If the {@code backend} setting now resolves to it (it is
     * named, or {@code auto} ranks it first) and the loops use another one, they return to it live, with rollback
     * if a loop cannot.
     */
    public void onProviderAdded(IoBackendProvider added) {
        synchronized (configLock) {
            if (closed || added == provider) {
                return;
            }
            IoBackendProvider wanted;
            try {
                wanted = backends.select(settings.backend());
            } catch (IllegalArgumentException e) {
                return;
            }
            if (wanted != added) {
                return;
            }
            IoBackendProvider was = provider;
            String failure = reconfigureLoops(LoopConfig.of(settings, added), LoopConfig.of(settings, was), true);
            if (failure != null) {
                LOG.warn("{}: backend {} is back but the loops stay on {}: {}", name, added.name(), was.name(),
                        failure);
                return;
            }
            provider = added;
            generation++;
            LOG.info("{}: backend {} is back; the loops moved to it from {}", name, added.name(), was.name());
        }
    }

    /**
     * Hands {@code next} to every loop and waits until each has applied it at its safe point. If one cannot (its
     * new driver does not open, or it does not reach a safe point in time) and {@code rollback}, every loop goes
     * back to {@code previous}, handles and pending requests included. Caller holds {@code configLock}.
     *
     * @return null if every loop runs {@code next}, else why not
     */
    private String reconfigureLoops(LoopConfig next, LoopConfig previous, boolean rollback) {
        List<EventLoop> loops = strategy.loops();
        for (EventLoop l : loops) {
            if (l.inLoop()) {
                return "a configuration change was made on " + l.name() + ", which would wait for itself; make it"
                        + " from a thread that is not one of " + name + "'s loops";
            }
        }
        String failure = awaitLoops(loops, loops.stream().map(l -> l.reconfigure(next)).collect(Collectors.toList()));
        if (failure == null || !rollback) {
            return failure;
        }
        String back = awaitLoops(loops, loops.stream().map(l -> l.reconfigure(previous))
                .collect(Collectors.toList()));
        if (back != null) {
            LOG.error("{}: going back to the previous loop settings failed too: {}", name, back);
            return failure + "; going back failed too: " + back;
        }
        return failure + "; every loop is back on its previous settings (backend " + previous.provider().name() + ")";
    }

    /** @return null if every loop applied its change within {@link #SAFE_POINT_TIMEOUT}, else the failures */
    private String awaitLoops(List<EventLoop> loops, List<CompletableFuture<String>> outcomes) {
        long deadline = System.nanoTime() + SAFE_POINT_TIMEOUT.toNanos();
        StringJoiner failures = new StringJoiner("; ");
        RuntimeSettings before = settings;
        IoBackendProvider beforeProvider = provider;
        long beforeGeneration = generation;
        for (int i = 0; i < loops.size(); i++) {
            EventLoop loop = loops.get(i);
            if (loop.callerDriven()) {
                // applied when a caller next drives it; nobody may be driving it now, so there is nothing to wait for
                outcomes.get(i).thenAccept(why -> {
                    if (why != null) {
                        lateFailure(why, before, beforeProvider, beforeGeneration);
                    }
                });
                continue;
            }
            try {
                String why = outcomes.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (why != null) {
                    failures.add(why);
                }
            } catch (TimeoutException e) {
                failures.add(loop.name() + " did not reach a safe point within " + SAFE_POINT_TIMEOUT.toMillis()
                        + " ms (a task or callback is blocking it)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add("interrupted while waiting for " + loop.name());
            } catch (ExecutionException e) {
                failures.add(loop.name() + ": " + e.getCause());
            }
        }
        return failures.length() == 0 ? null : failures.toString();
    }

    /**
     * A caller-driven loop could not take a change when it was next driven (its new driver did not open). The runtime
     * had already said the change was applied: unless a later change was taken since, it goes back to what the loop
     * still runs, so that {@link #info()} shows the settings in effect, and shows the rejection.
     */
    private void lateFailure(String why, RuntimeSettings before, IoBackendProvider beforeProvider,
                             long beforeGeneration) {
        synchronized (configLock) { // never held while waiting for a caller-driven loop: no deadlock with its thread
            if (generation != beforeGeneration + 1) {
                // superseded, or a later change was taken since: that one decides what the loop runs
                LOG.debug("{}: an earlier configuration change was not applied: {}", name, why);
                return;
            }
            pools.reconfigure(before);
            watchdog.threshold(before.blockedThresholdMillis());
            bufferPool.leakTracking(before.leakSampling(), before.trackLeaks());
            settings = before;
            provider = beforeProvider;
            generation++;
            reject(why);
            LOG.warn("polyloop runtime configuration rejected: {}; {} keeps {}", why, name, settings);
        }
    }

    // ------------------------------------------------------------------ tasks and timers

    @Override
    public void post(Runnable task) {
        Objects.requireNonNull(task, "task");
        strategy.taskExecutor().execute(task);
    }

    @Override
    public <T> Task<T> submit(Callable<T> body) {
        return Submission.submit(strategy.taskExecutor(), body);
    }

    @Override
    public <T> Task<T> spawn(Supplier<? extends CompletionStage<T>> body) {
        return Spawn.spawn(strategy.taskExecutor(), body);
    }

    @Override
    public Task<Void> sleep(Duration delay) {
        return schedule(() -> null, delay);
    }

    @Override
    public <T> Task<T> schedule(Callable<T> body, Duration delay) {
        Objects.requireNonNull(body, "body");
        long nanos = delay.toNanos();
        if (nanos < 0) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        return ScheduledCall.start(strategy.loopForNewWork(), nanos, body); // the timer is the task's only extra
    }

    @Override
    public Task<Void> interval(Duration period, LongConsumer onTick) {
        Objects.requireNonNull(onTick, "onTick");
        return IntervalTimer.start(strategy.loopForNewWork(), Delays.positiveNanos(period, "interval period"), onTick,
                name);
    }

    @Override
    public <T> Task<T> timeout(Duration limit, Task<T> task) {
        Objects.requireNonNull(task, "task");
        return TimeoutTimer.start(strategy.loopForNewWork(), limit, task);
    }

    // ------------------------------------------------------------------ off the loops

    @Override
    public <T> Task<T> spawnBlocking(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        return pools.blocking().submit(strategy.taskExecutor(), body);
    }

    @Override
    public <T, R> Task<List<R>> parallelMap(Collection<? extends T> items, Function<? super T, ? extends R> fn) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(fn, "fn");
        return pools.compute().map(strategy.taskExecutor(), items, fn);
    }

    // ------------------------------------------------------------------ TCP

    @Override
    public Task<TcpListener> listen(InetSocketAddress bind) {
        return listen(bind, 1024);
    }

    @Override
    public Task<TcpListener> listen(InetSocketAddress bind, int backlog) {
        return listen(bind, backlog, TcpOptions.defaults());
    }

    @Override
    public Task<TcpListener> listen(InetSocketAddress bind, int backlog, TcpOptions options) {
        Objects.requireNonNull(options, "options");
        requireResolved(bind, "bind");
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog " + backlog + " must be >= 1");
        }
        if (strategy.spreadsAccepts()) {
            return spreadListeners.track(SpreadTcpListener.open(strategy.loops(), strategy::loops, bind, backlog,
                    options));
        }
        // one socket, no SO_REUSEPORT; it hands connections to the loops a later change of strategy adds
        return SpreadTcpListener.openHandingOff(strategy.loopForNewWork(), strategy::loops, bind, backlog, options);
    }

    @Override
    public Task<TcpStream> connect(InetSocketAddress remote) {
        return connect(remote, TcpOptions.defaults());
    }

    @Override
    public Task<TcpStream> connect(InetSocketAddress remote, TcpOptions options) {
        Objects.requireNonNull(options, "options");
        requireResolved(remote, "remote");
        EventLoop loop = strategy.loopForNewWork();
        LoopTask<TcpStream> task = new LoopTask<>(loop.ioTasks());
        loop.run(() -> TcpConnector.connect(loop, remote, options, task), task);
        return task;
    }

    private static void requireResolved(InetSocketAddress address, String what) {
        Objects.requireNonNull(address, what);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException(what + " address " + address + " is unresolved; resolve it first"
                    + " (new InetSocketAddress(host, port) resolves)");
        }
    }

    // ------------------------------------------------------------------ UDP, files, DNS, buffers

    @Override
    public Task<UdpSocket> bindUdp(java.net.InetSocketAddress bind) {
        requireResolved(bind, "bind");
        EventLoop loop = strategy.loopForNewWork();
        LoopTask<UdpSocket> task = new LoopTask<>(loop);
        loop.run(() -> {
            try {
                task.complete(LoopUdpSocket.open(loop, bind));
            } catch (java.io.IOException | RuntimeException e) {
                task.completeExceptionally(e);
            }
        }, task);
        return task;
    }

    @Override
    public Task<AsyncFile> openFile(java.nio.file.Path path, java.nio.file.OpenOption... options) {
        Objects.requireNonNull(path, "path");
        int flags = FileOpenOptions.toFlags(options);
        EventLoop loop = strategy.loopForNewWork();
        LoopTask<AsyncFile> task = new LoopTask<>(loop);
        loop.run(() -> {
            try {
                task.complete(LoopFile.open(loop, path, flags, pools.blocking()));
            } catch (java.io.IOException | RuntimeException e) {
                task.completeExceptionally(e);
            }
        }, task);
        return task;
    }

    @Override
    public Task<List<java.net.InetAddress>> resolve(String host, Duration timeout) {
        Objects.requireNonNull(host, "host");
        long nanos = io.polyloop.api.net.TcpOptions.checkTimeout("resolve timeout", timeout).toNanos();
        EventLoop loop = strategy.loopForNewWork();
        LoopTask<List<java.net.InetAddress>> task = new LoopTask<>(loop);
        loop.run(() -> Resolver.resolve(loop, pools.blocking(), host, nanos, task), task);
        return task;
    }

    @Override
    public Task<java.net.InetSocketAddress> resolve(HostAndPort address, Duration timeout) {
        return resolve(address.host(), timeout)
                .thenApply(all -> new java.net.InetSocketAddress(all.get(0), address.port()));
    }

    @Override
    public BufferPool buffers() {
        return bufferPool;
    }

    // ------------------------------------------------------------------ status and life cycle

    @Override
    public SyncPrimitives sync() {
        return sync;
    }

    @Override
    public boolean inLoop() {
        EventLoop own = LoopThread.currentLoop();
        return own != null && strategy.loops().contains(own);
    }

    @Override
    public RuntimeInfo info() {
        List<LoopInfo> loops = new ArrayList<>();
        for (EventLoop l : strategy.loops()) {
            loops.add(l.info());
        }
        RuntimeSettings s = settings;
        return new RuntimeInfo(s.strategy(), provider.name(), s, loops, lastRejection, closed, pools.info(),
                strategy.reshapes(), rejections);
    }

    @Override
    public boolean close(Duration timeout) {
        if (ownership == Ownership.SERVICE) {
            throw new UnsupportedOperationException(name + " is the shared IoRuntime service: it is closed when the"
                    + " io.polyloop.scheduler bundle stops, not by a consumer");
        }
        return shutdown(timeout);
    }

    /** Closes regardless of ownership: for the owner of a service runtime. */
    public boolean shutdown(Duration timeout) {
        if (!closed) {
            closed = true;
            LOG.info("{} closing", name);
        }
        // off the loops, a live change of strategy/threads in progress ends first (a loop cannot wait for it)
        strategy.shutdown(timeout);
        refusing = true;
        // every loop made, not only those of the shape: a change may have made or be retiring some
        strategy.terminated().whenComplete((v, e) -> terminated.complete(null));
        watchdog.close();
        if (LoopThread.isLoopThread()) {
            pools.shutdown(0);
            return terminated.isDone();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean poolsDone = pools.shutdown(timeout.toNanos());
        try {
            terminated.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return poolsDone;
        } catch (TimeoutException e) {
            LOG.warn("{} did not terminate within {}", name, timeout);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Task<Void> terminated() {
        return terminated;
    }

    @Override
    public boolean isClosed() {
        return refusing;
    }

    @Override
    public String toString() {
        return name + "[" + strategy.name() + ", " + provider.name() + "]";
    }
}
