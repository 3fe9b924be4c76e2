package io.polyloop.scheduler.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * Actions a loop runs once at the end of its turn, right before it polls its driver ({@link EventLoop#atTurnEnd}):
 * one entry per user at most, each user queueing itself once until it ran. Loop thread only; not thread safe.
 */
final class TurnEndActions {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final ArrayDeque<Runnable> actions = new ArrayDeque<>();

    void add(Runnable action) {
        actions.add(action);
    }

    boolean isEmpty() {
        return actions.isEmpty();
    }

    /** Runs those queued before this call; one that throws is logged, the others run. */
    void run(String loop) {
        // Only those queued before: one queued again meanwhile waits for the next turn, which then polls without
        // blocking (see EventLoop.turn()).
        for (int n = actions.size(); n > 0; n--) {
            Runnable r = actions.poll();
            try {
                r.run();
            } catch (Throwable t) {
                LOG.error("{}: end-of-turn action {} threw; the loop goes on", loop, r, t);
            }
        }
    }
}
