package io.polyloop.scheduler.blocking;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Hands a pool thread's result to a loop, so that the task's continuations run there and not on the pool. */
final class LoopDelivery {
    private LoopDelivery() {
    }

    /**
     * Runs {@code completion} on {@code loop}; if the loop refuses (shutting down, or its queue full) runs it here
     * instead: a result is never dropped, its continuations then run on the calling pool thread.
     */
    static void deliver(Executor loop, Runnable completion) {
        try {
            loop.execute(completion);
        } catch (RejectedExecutionException refused) {
            completion.run();
        }
    }
}
