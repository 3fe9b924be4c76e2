package io.polyloop.scheduler.runtime;

import io.polyloop.api.CallerDrivenRuntime;
import io.polyloop.api.IoRuntime;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopThread;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** {@link CallerDrivenRuntime} over a {@link PolyloopRuntime} whose single loop has no thread. Thread safe. */
public final class CallerDrivenPolyloop implements CallerDrivenRuntime {
    private final PolyloopRuntime runtime;
    private final EventLoop loop;
    private volatile boolean stopped;

    public CallerDrivenPolyloop(PolyloopRuntime runtime, EventLoop loop) {
        this.runtime = runtime;
        this.loop = loop;
    }

    @Override
    public IoRuntime runtime() {
        return runtime;
    }

    @Override
    public <T> T blockOn(CompletionStage<T> stage) {
        Objects.requireNonNull(stage, "stage");
        refuseOnLoop("blockOn");
        CompletableFuture<T> f = stage.toCompletableFuture();
        if (!f.isDone()) {
            f.whenComplete((v, e) -> loop.wake());
            loop.drive(f::isDone, false);
        }
        if (!f.isDone()) {
            throw new IllegalStateException(runtime + " terminated before the task given to blockOn completed");
        }
        return f.join();
    }

    @Override
    public <T> T blockOn(Supplier<? extends CompletionStage<T>> body) {
        return blockOn(runtime.spawn(body));
    }

    @Override
    public long run() {
        refuseOnLoop("run");
        if (stopped) {
            return 0;
        }
        try {
            return loop.drive(() -> stopped, true);
        } finally {
            stopped = true;
        }
    }

    @Override
    public void stop() {
        stopped = true;
        loop.wake();
    }

    @Override
    public boolean isStopped() {
        return stopped;
    }

    @Override
    public void restart() {
        stopped = false;
    }

    @Override
    public boolean close(Duration timeout) {
        return runtime.close(timeout);
    }

    private void refuseOnLoop(String method) {
        if (LoopThread.isLoopThread()) {
            throw new IllegalStateException(method + "() called on a loop thread (" + Thread.currentThread().getName()
                    + "): it would block that loop; return a Task instead");
        }
    }

    @Override
    public String toString() {
        return "CallerDriven[" + runtime + "]";
    }
}
