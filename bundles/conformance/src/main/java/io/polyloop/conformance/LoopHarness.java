package io.polyloop.conformance;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.HandleTransfer;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A minimal event loop for tests: one dedicated thread opens a driver, runs posted steps and polls. Tests run steps
 * on it with {@link #call} and await completions; loop-side code chains requests with {@link #submit}.
 *
 * <p>Checks the SPI contract on every completion: the sink is never called from inside {@code submit}, and each
 * submitted request completes exactly once ({@link #close()} fails if one completed twice, completed without being
 * submitted, or is still pending after the driver was closed).
 */
public final class LoopHarness implements AutoCloseable {
    /** Longest a test waits for one step or completion. */
    public static final long TIMEOUT_SECONDS = 10;

    private final IoBackendProvider provider;
    private final DriverOptions options;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> steps = new ConcurrentLinkedQueue<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Map<IoRequest, Consumer<IoRequest>> pending = new IdentityHashMap<>(); // loop only
    private final CompletionSink sink = this::onCompletion;
    private volatile IoDriver driver;
    private volatile boolean stopping;
    private boolean inSubmit;
    private boolean swapping;
    private final List<Deferred> deferred = new ArrayList<>(); // loop only, during a swap
    private long completions;

    public LoopHarness(IoBackendProvider provider, DriverOptions options) {
        this.provider = provider;
        this.options = options;
        this.thread = new Thread(this::run, "conformance-loop");
        thread.setDaemon(true);
        thread.start();
        join(started);
    }

    private void run() {
        try {
            driver = provider.open(options);
            started.complete(null);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            return;
        }
        try {
            while (!stopping) {
                Runnable r;
                while ((r = steps.poll()) != null) {
                    r.run();
                }
                // bounded wait: a broken wakeup shows up as slowness here and as a failure in the wakeup test
                driver.poll(sink, TimeUnit.SECONDS.toNanos(1));
            }
            Runnable r;
            while ((r = steps.poll()) != null) {
                r.run();
            }
        } catch (Throwable t) {
            fail("loop died: " + t);
        } finally {
            try {
                driver.close(sink);
                driver.close(sink); // idempotent
            } catch (Throwable t) {
                fail("close threw " + t);
            }
            if (!pending.isEmpty()) {
                fail(pending.size() + " request(s) never completed, e.g. " + pending.keySet().iterator().next());
            }
            stopped.complete(null);
        }
    }

    private void onCompletion(IoRequest r) {
        completions++;
        if (inSubmit) {
            fail("sink called from inside submit for " + r);
        }
        if (!r.isCompleted()) {
            fail("sink got a request that is not completed: " + r);
        }
        Consumer<IoRequest> then = pending.remove(r);
        if (then == null) {
            fail("completion of a request that was not pending (completed twice?): " + r);
            return;
        }
        if (swapping) {
            // as a real loop does: completions handed over by detach run as tasks once the new driver is in place
            deferred.add(new Deferred(r, then, false));
            return;
        }
        try {
            then.accept(r);
        } catch (Throwable t) {
            fail("completion callback threw " + t + " for " + r);
        }
    }

    /** Records a failure; {@link #close()} reports all of them. Any thread. */
    public void fail(String message) {
        failures.add(message);
    }

    public List<String> failures() {
        return failures;
    }

    /** Loop thread only: the current driver (it changes on {@link #swapDriver()}). */
    public IoDriver driver() {
        assert inLoop();
        return driver;
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Loop thread only: submits and calls {@code then} on the loop when the request completes. */
    public void submit(IoRequest r, Consumer<IoRequest> then) {
        assert inLoop();
        if (swapping) {
            // a completion delivered by detach may chain a request: it goes to the next driver, as a loop would do
            deferred.add(new Deferred(r, then, true));
            return;
        }
        if (pending.put(r, then) != null) {
            fail("request submitted while still pending: " + r);
        }
        inSubmit = true;
        try {
            driver.submit(r);
        } finally {
            inSubmit = false;
        }
    }

    /** Any thread: submits on the loop; the future completes with the request when it completes. */
    public CompletableFuture<IoRequest> submitAsync(IoRequest r) {
        CompletableFuture<IoRequest> f = new CompletableFuture<>();
        execute(() -> submit(r, f::complete));
        return f;
    }

    /** Any thread: submits, waits, and returns the result. */
    public int io(IoRequest r) {
        return join(submitAsync(r)).result();
    }

    /** Any thread: runs {@code step} on the loop with the driver and waits for its value. */
    public <T> T call(Step<T> step) {
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(step.run(driver));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return join(f);
    }

    /** Any thread: queues a step and wakes the loop. */
    public void execute(Runnable step) {
        steps.add(step);
        IoDriver d = driver;
        if (d != null) {
            d.wakeup();
        }
    }

    /**
     * Loop thread only: moves every handle to a freshly opened driver (detach, close, open, adopt). Completions handed
     * over by the detach, and requests their callbacks submit meanwhile, run once the new driver holds the handles.
     */
    public List<DetachedHandle> swapDriver() throws Exception {
        assert inLoop();
        IoDriver old = driver;
        swapping = true;
        List<DetachedHandle> moved;
        try {
            DriverHandoff handoff = old.detach();
            handoff.completed().forEach(sink::onCompletion); // deferred below, after the adopt
            moved = handoff.handles();
            old.close(sink);
            IoDriver fresh = provider.open(options);
            fresh.adopt(moved);
            driver = fresh;
        } finally {
            swapping = false;
        }
        List<Deferred> replay = new ArrayList<>(deferred);
        deferred.clear();
        for (Deferred d : replay) {
            if (d.submit()) {
                submit(d.request(), d.then());
            } else {
                try {
                    d.then().accept(d.request());
                } catch (Throwable t) {
                    fail("completion callback threw " + t + " for " + d.request());
                }
            }
        }
        return moved;
    }

    /**
     * Loop thread only: takes one handle out of this running driver ({@link HandleTransfer#release}); the requests that
     * travel with it take their callbacks along, so the exactly-once bookkeeping follows them to {@link #adopt}.
     */
    public Transfer release(IoHandle handle) throws IOException {
        assert inLoop();
        DetachedHandle moving = ((HandleTransfer) driver).release(handle);
        Map<IoRequest, Consumer<IoRequest>> callbacks = new IdentityHashMap<>();
        for (IoRequest r : moving.pending()) {
            callbacks.put(r, pending.remove(r));
        }
        return new Transfer(moving, callbacks);
    }

    /** Loop thread only: this running driver adopts a handle released by another harness; its requests end here. */
    public void adopt(Transfer t) throws IOException {
        assert inLoop();
        pending.putAll(t.callbacks());
        try {
            driver.adopt(List.of(t.handle()));
        } catch (IOException | RuntimeException e) {
            t.callbacks().keySet().forEach(pending::remove);
            throw e;
        }
    }

    /** A handle between two drivers, with the callbacks of its travelling requests. */
    public record Transfer(DetachedHandle handle, Map<IoRequest, Consumer<IoRequest>> callbacks) {
    }

    /** Loop thread only: completions seen so far. */
    public long completions() {
        assert inLoop();
        return completions;
    }

    public static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("step failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no completion within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** Stops the loop, closes the driver and fails with every recorded contract violation. */
    @Override
    public void close() {
        stopping = true;
        execute(() -> { });
        join(stopped);
        if (!failures.isEmpty()) {
            throw new AssertionError("conformance violations: " + failures);
        }
    }

    /** Work held back during a swap: a request to submit, or a completion callback to run. */
    private record Deferred(IoRequest request, Consumer<IoRequest> then, boolean submit) {
    }

    /** A step run on the loop thread. */
    @FunctionalInterface
    public interface Step<T> {
        T run(IoDriver driver) throws Exception;
    }
}
