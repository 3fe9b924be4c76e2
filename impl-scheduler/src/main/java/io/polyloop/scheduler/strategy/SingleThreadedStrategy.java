package io.polyloop.scheduler.strategy;

import io.polyloop.api.Strategy;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;

import java.util.List;

/** One loop does everything. */
public final class SingleThreadedStrategy implements ExecutionStrategy {
    private final EventLoop loop;

    public SingleThreadedStrategy(String runtimeName, LoopConfig config, boolean pin) {
        this.loop = new EventLoop(runtimeName + "-loop-0", config);
        if (pin) {
            loop.pinTo(0);
        }
    }

    @Override
    public String name() {
        return Strategy.SINGLE_THREADED.configName();
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public List<EventLoop> loops() {
        return List.of(loop);
    }

    @Override
    public EventLoop loopForNewWork() {
        return loop;
    }

    @Override
    public void reconfigure(LoopConfig config) {
        loop.reconfigure(config);
    }

    @Override
    public void shutdown() {
        loop.shutdown();
    }
}
