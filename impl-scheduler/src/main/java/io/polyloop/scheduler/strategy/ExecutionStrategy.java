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

    /** Applies new loop settings at each loop's next safe point. */
    void reconfigure(LoopConfig config);

    /** Begins shutdown of every loop. */
    void shutdown();
}
