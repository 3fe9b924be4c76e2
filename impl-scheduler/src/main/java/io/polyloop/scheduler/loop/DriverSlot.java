package io.polyloop.scheduler.loop;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.IoDriver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A loop's driver as other threads see it, and the wake-up protocol built on it. Thread safe where stated.
 *
 * <p>Before blocking, the loop calls {@link #beginSleep()} and then re-checks its inbox; a producer offers and then
 * calls {@link #wakeIfSleeping()}, which wakes the loop only if the flag was set. Both sides use sequentially
 * consistent accesses, so at least one of them sees the other (no lost wake-up), and a burst of posts costs one
 * native wake-up. Until the loop's first I/O there is no driver and the loop parks; unpark has a permit, so a
 * wake-up that lands before the park is not lost either.
 *
 * <p>A waker reads the driver and then calls {@link IoDriver#wakeup()}; a driver being replaced is closed only once
 * no waker still holds it ({@link #replace}), so a wake-up never writes to a closed (and maybe reused) descriptor.
 */
final class DriverSlot extends DriverSlotSleepFlag {
    /** The thread to unpark before the first driver exists (null while a caller-driven loop is not driven). */
    private final Supplier<Thread> loopThread;
    private final AtomicInteger wakers = new AtomicInteger();
    /** Wake-ups sent, for the status view: each costs a native call, so they are worth watching. */
    private final AtomicLong wakeups = new AtomicLong();
    private volatile IoDriver driver;

    private static final VarHandle SLEEPING;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(DriverSlotSleepFlag.class, "sleeping", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    DriverSlot(Supplier<Thread> loopThread) {
        this.loopThread = loopThread;
    }

    /** @return the current driver, or null before the first I/O and after termination. Any thread. */
    IoDriver current() {
        return driver;
    }

    /** @return wake-ups sent since start. Any thread. */
    long wakeups() {
        return wakeups.get();
    }

    /** Loop thread: publishes the first driver. */
    void open(IoDriver first) {
        driver = first;
    }

    /** Loop thread: announces that it is about to block. */
    void beginSleep() {
        SLEEPING.setVolatile(this, true);
    }

    /** Loop thread: back from blocking. */
    void endSleep() {
        SLEEPING.setVolatile(this, false);
    }

    /** Any thread: wakes the loop if it announced sleep; cheap when it did not. */
    void wakeIfSleeping() {
        if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
            wake();
        }
    }

    /** Any thread: wakes the loop whatever it is doing (a pending or the next block returns at once). */
    void wake() {
        wakeups.incrementAndGet();
        wakers.incrementAndGet();
        try {
            IoDriver d = driver;
            if (d != null) {
                d.wakeup();
            } else {
                LockSupport.unpark(loopThread.get());
            }
        } finally {
            wakers.decrementAndGet();
        }
    }

    /**
     * Loop thread: publishes {@code replacement} (null at termination) and closes {@code old} once no waker can
     * still be using it.
     */
    void replace(IoDriver old, IoDriver replacement, CompletionSink sink) {
        driver = replacement;
        while (wakers.get() != 0) {
            Thread.onSpinWait();
        }
        old.close(sink);
    }
}

// Layout: every post reads the sleep flag, so it sits on a cache line of its own (padding by inheritance, as
// MpscChunkedQueue does). As a separate AtomicBoolean it shared a line with whatever was allocated next to it, such
// as the loop's I/O sink, whose counters the loop writes per I/O operation: a miss per post on a busy I/O loop.

abstract class DriverSlotPad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class DriverSlotSleepFlag extends DriverSlotPad0 {
    /** The loop announced that it is about to block; see {@link DriverSlot}'s protocol. */
    volatile boolean sleeping;
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36, p37;
}
