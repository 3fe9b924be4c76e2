package io.polyloop.scheduler.loop;

import io.polyloop.scheduler.timer.Timer;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.IoDriver;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Everything a retiring loop holds, on its way to the loop that takes it over ({@link LoopHandover#pack},
 * {@link LoopHandover#absorb}): the detached driver's handles with their pending requests and the completions that
 * raced the detach, the timers (the same objects: holders cancel them by reference), the resources to close at
 * shutdown, the queued tasks in order, and the count of operations in flight. Taken exactly once: by the heir
 * ({@link #claim()}) or back by the old loop ({@link #withdraw()}), whichever comes first. Thread safe for that
 * race only; the contents belong to whichever loop won it.
 */
final class LoopCargo {
    private static final int OFFERED = 0;
    private static final int CLAIMED = 1;
    private static final int WITHDRAWN = 2;
    private static final int REFUSED = 3;

    final EventLoop from;
    /** The old loop's driver, detached, or null if the loop never did I/O. */
    final IoDriver driver;
    final DriverHandoff handoff;
    final List<Timer> timers;
    final List<LoopResource> resources;
    final ArrayDeque<Runnable> tasks;
    final int pendingOps;
    private final AtomicInteger state = new AtomicInteger(OFFERED);

    LoopCargo(EventLoop from, IoDriver driver, DriverHandoff handoff, List<Timer> timers,
              List<LoopResource> resources, ArrayDeque<Runnable> tasks, int pendingOps) {
        this.from = from;
        this.driver = driver;
        this.handoff = handoff;
        this.timers = timers;
        this.resources = resources;
        this.tasks = tasks;
        this.pendingOps = pendingOps;
    }

    /** Heir: @return true if the cargo is now the heir's to take */
    boolean claim() {
        return state.compareAndSet(OFFERED, CLAIMED);
    }

    /** Heir, after {@link #claim()}: it could not take the handles; the cargo goes back untouched. */
    void refused() {
        state.set(REFUSED);
    }

    /** Old loop, tired of waiting: @return true if no heir claimed the cargo, which is the old loop's again */
    boolean withdraw() {
        return state.compareAndSet(OFFERED, WITHDRAWN);
    }

    int handles() {
        return handoff == null ? 0 : handoff.handles().size();
    }

    @Override
    public String toString() {
        return "cargo of " + from + ": " + handles() + " handles, " + timers.size() + " timers, " + tasks.size()
                + " tasks, " + resources.size() + " resources";
    }
}
