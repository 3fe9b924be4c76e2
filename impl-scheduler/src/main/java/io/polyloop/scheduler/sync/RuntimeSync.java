package io.polyloop.scheduler.sync;

import io.polyloop.api.sync.Barrier;
import io.polyloop.api.sync.Channel;
import io.polyloop.api.sync.Mutex;
import io.polyloop.api.sync.Notify;
import io.polyloop.api.sync.Oneshot;
import io.polyloop.api.sync.RwLock;
import io.polyloop.api.sync.Semaphore;
import io.polyloop.api.sync.SyncPrimitives;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The {@link SyncPrimitives} of one runtime. {@code loops} binds each new task: the caller's loop when called on
 * one, else the strategy's choice (the runtime passes its strategy's {@code loopForNewWork}). Thread safe.
 */
public final class RuntimeSync implements SyncPrimitives {
    private final Supplier<? extends Executor> loops;

    public RuntimeSync(Supplier<? extends Executor> loops) {
        this.loops = Objects.requireNonNull(loops, "loops");
    }

    @Override
    public <T> Channel<T> channel(int capacity) {
        return new ChannelImpl<>(capacity, loops);
    }

    @Override
    public <T> Oneshot<T> oneshot() {
        return new OneshotImpl<>(loops);
    }

    @Override
    public Mutex mutex() {
        return new MutexImpl(loops);
    }

    @Override
    public Semaphore semaphore(int permits) {
        return new SemaphoreImpl(permits, Integer.MAX_VALUE, loops);
    }

    @Override
    public RwLock rwLock() {
        return new RwLockImpl(loops);
    }

    @Override
    public Barrier barrier(int parties) {
        return new BarrierImpl(parties, loops);
    }

    @Override
    public Notify notifier() {
        return new NotifyImpl(loops);
    }
}
