package io.polyloop.scheduler.strategy;

import io.polyloop.api.Strategy;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopConfig;
import io.polyloop.scheduler.loop.LoopThread;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Single-threaded without a thread: the loop runs on whichever caller drives it
 * ({@link io.polyloop.api.CallerDrivenRuntime}).
 */
public final class CallerDrivenStrategy implements ExecutionStrategy {
    private static final long SHUTDOWN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final EventLoop loop;

    public CallerDrivenStrategy(String runtimeName, LoopConfig config) {
        this.loop = new EventLoop(runtimeName + "-loop-0", config, true);
    }

    @Override
    public String name() {
        return Strategy.SINGLE_THREADED.configName();
    }

    @Override
    public void start() {
        // nothing runs until a caller drives the loop
    }

    public EventLoop loop() {
        return loop;
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

    /**
     * Begins shutdown and, unless called from the loop itself, drives the loop until it terminates; if another
     * thread is driving it, waits (up to 10 s) for that thread to let go and then finishes the job.
     */
    @Override
    public void shutdown() {
        loop.shutdown();
        if (LoopThread.currentLoop() == loop) {
            return;
        }
        long deadline = System.nanoTime() + SHUTDOWN_WAIT_NANOS;
        while (!loop.isTerminated() && System.nanoTime() < deadline) {
            try {
                loop.drive(loop::isTerminated, false);
            } catch (IllegalStateException drivenElsewhere) {
                loop.wake();
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
