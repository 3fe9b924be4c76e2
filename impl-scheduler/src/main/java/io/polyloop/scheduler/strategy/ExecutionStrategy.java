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

    /** Applies new loop settings at each loop's next safe point. */
    void reconfigure(LoopConfig config);

    /** Begins shutdown of every loop. */
    void shutdown();
}
