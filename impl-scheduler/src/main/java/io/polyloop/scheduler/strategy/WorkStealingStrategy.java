package io.polyloop.scheduler.strategy;

import io.polyloop.api.Strategy;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;
import io.polyloop.scheduler.steal.WorkStealingPool;

import java.util.List;
import java.util.concurrent.Executor;

/**
 * Loops that share tasks: posts and spawns go to a {@link WorkStealingPool}, from which an idle loop takes work or
 * steals half of a busy loop's queue. Timers and I/O stay on the loop that holds them (its driver owns the
 * handles); their completions continue as pool tasks when they were spawned through the pool.
 */
public final class WorkStealingStrategy implements ExecutionStrategy {
    private final LoopGroup group;
    private final WorkStealingPool pool;

    public WorkStealingStrategy(String runtimeName, int threads, LoopConfig config, boolean pin) {
        this.group = new LoopGroup(LoopGroup.size(threads), i -> new EventLoop(runtimeName + "-loop-" + i, config),
                pin);
        this.pool = new WorkStealingPool(group.loops(), config.queueCapacity());
    }

    @Override
    public String name() {
        return Strategy.WORK_STEALING.configName();
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
    public Executor taskExecutor() {
        return pool;
    }

    @Override
    public boolean spreadsAccepts() {
        return group.loops().size() > 1;
    }

    /** @return tasks loop {@code index} stole from its siblings */
    public long steals(int index) {
        return pool.steals(index);
    }

    @Override
    public void reconfigure(LoopConfig config) {
        group.reconfigure(config);
    }

    @Override
    public void shutdown() {
        pool.shutdown();
        group.shutdown();
    }
}
