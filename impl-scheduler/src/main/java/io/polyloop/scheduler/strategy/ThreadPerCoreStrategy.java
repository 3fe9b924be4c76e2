package io.polyloop.scheduler.strategy;

import io.polyloop.api.Strategy;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;

import java.util.List;

/**
 * One loop per core (or {@code threads}), nothing shared between them: work started on a loop, and every
 * continuation and connection of it, stays there; work from outside goes round robin. Listeners are spread over
 * every loop ({@link #spreadsAccepts()}).
 */
public final class ThreadPerCoreStrategy implements ExecutionStrategy {
    private final LoopGroup group;

    public ThreadPerCoreStrategy(String runtimeName, int threads, LoopConfig config, boolean pin) {
        this.group = new LoopGroup(LoopGroup.size(threads), i -> new EventLoop(runtimeName + "-loop-" + i, config),
                pin);
    }

    @Override
    public String name() {
        return Strategy.THREAD_PER_CORE.configName();
    }

    @Override
    public void start() {
        group.start();
    }

    @Override
    public List<EventLoop> loops() {
        return group.loops();
    }

    @Override
    public EventLoop loopForNewWork() {
        return group.current();
    }

    @Override
    public boolean spreadsAccepts() {
        return group.loops().size() > 1;
    }

    @Override
    public void reconfigure(LoopConfig config) {
        group.reconfigure(config);
    }

    @Override
    public void shutdown() {
        group.shutdown();
    }
}
