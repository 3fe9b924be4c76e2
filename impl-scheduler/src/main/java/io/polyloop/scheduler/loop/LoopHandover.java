package io.polyloop.scheduler.loop;

import io.polyloop.scheduler.timer.Timer;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * How a loop retired by a live change of {@code threads} or {@code strategy} hands its work to its heir, in the
 * steps {@link LoopRetirement} runs: {@link #pack} on the old loop's thread, {@link #absorb} on the heir's,
 * {@link #restore} back on the old loop's thread when no heir took the cargo. Each step runs on the thread named,
 * in a task (never inside a driver callback). No instances.
 */
final class LoopHandover {
    private LoopHandover() {
    }

    /**
     * Old loop thread: takes out everything {@code old} holds (its driver's handles with their pending requests,
     * its timers, resources, queued tasks and the count of operations in flight) for {@link #absorb} on the heir's
     * thread. The inbox stays: what still arrives there is moved by {@link #absorb} once posts are forwarded. The
     * loop then runs nothing of its own until {@link EventLoop#retire} or {@link #restore}.
     */
    static LoopCargo pack(EventLoop old) throws IOException {
        assert old.inLoop() && old.successor == null;
        // what this turn gathered (writes) goes to the driver now and travels as pending requests
        old.turnEnd.run(old.name());
        IoDriver d = old.slot.current();
        DriverHandoff handoff = d == null ? null : d.detach();
        List<LoopResource> held = new ArrayList<>(old.resources);
        old.resources.clear();
        ArrayDeque<Runnable> tasks = new ArrayDeque<>(old.local);
        old.local.clear();
        int ops = old.io.takePendingOps();
        return new LoopCargo(old, d, handoff, old.timers.takeAll(), held, tasks, ops);
    }

    /**
     * The heir's loop thread: {@code heir} takes over what {@code c} holds, then makes {@code c}'s loop forward
     * every call to it and moves what was posted to it. Tasks keep their order per producer: those queued on the
     * old loop run before those posted after the forwarding began (the heir's inbox goes behind them).
     *
     * @return null when done, else why not (nothing was taken: the old loop restores its cargo)
     */
    static String absorb(EventLoop heir, LoopCargo c) {
        assert Thread.currentThread() == heir.runner() && heir.successor == null;
        if (heir.shutdownStarted) {
            // its resources and timers were closed already: what it took now would never be closed or would keep
            // it from terminating. Not claimed: the old loop takes its cargo back.
            return heir.name() + " is shutting down";
        }
        if (!c.claim()) {
            return c.from.name() + " withdrew its cargo (timed out)";
        }
        if (c.handoff != null && !c.handoff.handles().isEmpty()) {
            try {
                heir.driver().adopt(c.handoff.handles());
            } catch (IOException | RuntimeException | LinkageError e) {
                c.refused();
                return heir.name() + " cannot adopt the handles of " + c.from.name() + ": " + e;
            }
        }
        for (Timer t : c.timers) {
            heir.timers.adopt(t);
        }
        heir.resources.addAll(c.resources);
        heir.io.addPendingOps(c.pendingOps);
        heir.local.addAll(c.tasks);
        EventLoop from = c.from;
        from.successor = heir;
        from.inbox.close(); // a post that saw no successor either got in before this (drained below) or forwards
        from.inbox.moveTo(heir.local); // the old loop's thread waits for us: we are its consumer now
        heir.inbox.moveTo(heir.local);
        heir.movedAhead = heir.local.size();
        if (c.handoff != null) {
            for (IoRequest q : c.handoff.completed()) {
                heir.io.onCompletion(q); // raced the detach; now that the handles live here, callbacks re-arm here
            }
        }
        return null;
    }

    /** Old loop thread, when no heir took the cargo: puts everything back, on a fresh driver of the same config. */
    static void restore(EventLoop old, LoopCargo c) throws IOException {
        assert old.successor == null;
        if (c.handoff != null) {
            LoopConfig cfg = old.config;
            IoDriver fresh = cfg.provider().open(cfg.driverOptions(old.name()));
            fresh.adopt(c.handoff.handles());
            old.slot.replace(c.driver, fresh, old.io);
        }
        for (Timer t : c.timers) {
            old.timers.adopt(t);
        }
        old.resources.addAll(c.resources);
        old.io.addPendingOps(c.pendingOps);
        ArrayDeque<Runnable> later = new ArrayDeque<>(old.local);
        old.local.clear();
        old.local.addAll(c.tasks);
        old.local.addAll(later);
        if (c.handoff != null) {
            for (IoRequest q : c.handoff.completed()) {
                old.io.onCompletion(q);
            }
        }
    }
}
