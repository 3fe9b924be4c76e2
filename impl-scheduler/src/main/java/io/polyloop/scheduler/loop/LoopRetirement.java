package io.polyloop.scheduler.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * Retires a running loop into another (a live change of {@code threads} or {@code strategy}): at a safe point of
 * the old loop (a task of its own, not inside a driver callback) its driver is detached and everything it holds is
 * packed; the heir adopts the handles into its running driver and takes the timers, tasks and resources at a safe
 * point of its own, while the old loop waits; then the old loop forwards every call to the heir and its thread
 * ends. If the heir cannot take the cargo in time, the old loop takes it back on a fresh driver and runs on. The
 * pause (old loop packs until the heir is done) is recorded as a swap of the heir ({@code LoopInfo.swaps},
 * {@code lastSwapNanos}) and logged. Thread safe.
 */
public final class LoopRetirement {
    private static final Logger LOG = LoggerFactory.getLogger(LoopRetirement.class);

    private LoopRetirement() {
    }

    /**
     * @param first runs on {@code old}'s thread before it packs (a work-stealing pool hands its queue over there)
     * @return completed with null once {@code heir} holds everything of {@code old}, else with why not ({@code old}
     *         then runs on with all it held)
     */
    public static CompletableFuture<String> retire(EventLoop old, EventLoop heir, Runnable first, long timeoutNanos) {
        return retire(old, heir, first, timeoutNanos, pause -> { });
    }

    /** As {@link #retire(EventLoop, EventLoop, Runnable, long)}; {@code paused} is given the pause once retired. */
    public static CompletableFuture<String> retire(EventLoop old, EventLoop heir, Runnable first, long timeoutNanos,
                                                   LongConsumer paused) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        try {
            old.execute(() -> onOldLoop(old, heir, first, timeoutNanos, paused, outcome));
        } catch (RejectedExecutionException e) {
            outcome.complete(old.name() + " cannot retire: " + e.getMessage());
        }
        return outcome;
    }

    private static void onOldLoop(EventLoop old, EventLoop heir, Runnable first, long timeoutNanos,
                                  LongConsumer paused, CompletableFuture<String> outcome) {
        long start = System.nanoTime();
        try {
            first.run();
        } catch (RuntimeException e) {
            outcome.complete(old.name() + " cannot retire: " + e); // nothing packed yet: it runs on as it was
            return;
        }
        LoopCargo cargo;
        try {
            cargo = LoopHandover.pack(old);
        } catch (IOException | RuntimeException e) {
            outcome.complete(old.name() + ": detaching its driver failed: " + e);
            return;
        }
        CompletableFuture<String> absorbed = new CompletableFuture<>();
        try {
            heir.execute(() -> absorbed.complete(LoopHandover.absorb(heir, cargo)));
        } catch (RejectedExecutionException e) {
            cargo.withdraw();
            absorbed.complete(heir.name() + " refused the cargo: " + e.getMessage());
        }
        String why = await(absorbed, cargo, heir, timeoutNanos);
        if (why != null) {
            try {
                LoopHandover.restore(old, cargo);
                LOG.warn("{}: not retired ({}); it keeps its {}", old.name(), why, cargo);
            } catch (IOException | RuntimeException e) {
                LOG.error("{}: not retired ({}) and its handles could not be taken back: {}", old.name(), why,
                        e.toString());
                why = why + "; taking the handles back failed too: " + e;
            }
            outcome.complete(why);
            return;
        }
        old.retire();
        long pause = System.nanoTime() - start;
        heir.stats().swapped(pause);
        paused.accept(pause);
        LOG.info("{}: retired into {} ({}); paused {} us", old.name(), heir.name(), cargo, pause / 1000);
        outcome.complete(null);
    }

    /** Old loop thread: waits for the heir; on timeout withdraws the cargo unless the heir already has it. */
    private static String await(CompletableFuture<String> absorbed, LoopCargo cargo, EventLoop heir,
                                long timeoutNanos) {
        try {
            return absorbed.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (cargo.withdraw()) {
                return heir.name() + " did not reach a safe point within " + timeoutNanos / 1_000_000 + " ms";
            }
            return absorbed.join(); // the heir is taking it now: a short wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return cargo.withdraw() ? "interrupted" : absorbed.join();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }
}
