package io.polyloop.scheduler.sync;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * A loop the test turns by hand: what the primitives hand to it waits until {@link #runAll()}, so a test can act
 * between "served" and "completed". Not thread safe.
 */
final class ManualLoop implements Executor {
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private int executed;

    @Override
    public void execute(Runnable task) {
        queue.add(task);
        executed++;
    }

    /** @return how many runnables ran */
    int runAll() {
        int n = 0;
        for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
            r.run();
            n++;
        }
        return n;
    }

    int pending() {
        return queue.size();
    }

    int executed() {
        return executed;
    }

    RuntimeSync sync() {
        return new RuntimeSync(() -> this);
    }
}
