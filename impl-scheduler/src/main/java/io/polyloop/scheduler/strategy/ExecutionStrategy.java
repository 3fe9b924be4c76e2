package io.polyloop.scheduler.strategy;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;

import java.util.List;

/**
 * How a runtime maps work onto loops. The strategies of the product (single-threaded, thread-per-core,
 * work-stealing) implement this; the runtime facade knows nothing else of them. Thread safe.
 */
public interface ExecutionStrategy {

    /** @return the configured name, as in the {@code strategy} setting */
    String name();

    void start();

    List<EventLoop> loops();

    /**
     * @return the loop for new work: the caller's loop when called on one (work and its continuations stay
     *         together), else the strategy's choice
     */
    EventLoop loopForNewWork();

    /**
     * @return the executor for tasks that may run on any loop (posts, spawned tasks): the new-work loop for
     *         strategies that pin work, a stealing pool for work-stealing
     */
    default java.util.concurrent.Executor taskExecutor() {
        return loopForNewWork();
    }

    /** @return true if a listener should accept on every loop (SO_REUSEPORT), not on the one that opened it */
    default boolean spreadsAccepts() {
        return false;
    }

    /**
     * Changes the strategy and the loop count while the runtime runs, moving queued tasks, timers and handles of
     * loops that go to the loops that stay. Off the loops; serialised by the caller with other changes.
     *
     * @param config the loop settings for loops made by the change
     * @return null if the strategy now runs {@code kind} over the loops {@code threads} asks for, else why not
     */
    default String reshape(io.polyloop.api.Strategy kind, int threads, LoopConfig config,
                           java.time.Duration timeout) {
        return "the " + name() + " strategy of a caller-driven runtime cannot change live; accepted: the running"
                + " strategy and threads";
    }

    /** @return the live changes of strategy/threads done so far and the last one */
    default io.polyloop.api.ReshapeInfo reshapes() {
        return io.polyloop.api.ReshapeInfo.NONE;
    }

    /** Applies new loop settings at each loop's next safe point. */
    void reconfigure(LoopConfig config);

    /** Begins shutdown of every loop. */
    void shutdown();

    /**
     * Begins shutdown of every loop; off the loops, first waits up to {@code waitForChange} for a live change of
     * strategy or threads in progress to end.
     */
    default void shutdown(java.time.Duration waitForChange) {
        shutdown();
    }

    /** @return completed once every loop the strategy made has terminated; call after {@link #shutdown()} */
    default java.util.concurrent.CompletableFuture<Void> terminated() {
        return java.util.concurrent.CompletableFuture.allOf(loops().stream().map(EventLoop::terminated)
                .toArray(java.util.concurrent.CompletableFuture[]::new));
    }
}
