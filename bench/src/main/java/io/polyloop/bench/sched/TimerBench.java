package io.polyloop.bench.sched;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Timers: schedule {@code timers} timers 10 s out, then cancel them all; cost per timer (schedule + cancel).
 * polyloop and Netty's event loop do it on their loop thread (their timers are loop-confined); Netty's
 * HashedWheelTimer and a ScheduledThreadPoolExecutor (remove-on-cancel, so cancelled timers do not pile up) are
 * driven from the benchmark thread, as they are designed to be.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TimerBench {
    /** Timers per invocation; the results file says how many ran (quick mode runs fewer). */
    @Param({"1000000"})
    public int timers;
    static final String HASHED_WHEEL = "Netty HashedWheelTimer";
    static final String STPE = "ScheduledThreadPoolExecutor";
    private static final Runnable NOTHING = () -> { };

    @Param({Executors3.POLYLOOP, HASHED_WHEEL, STPE, Executors3.NETTY})
    public String timer;

    private IoRuntime runtime;
    private HashedWheelTimer wheel;
    private ScheduledThreadPoolExecutor stpe;
    private MultiThreadIoEventLoopGroup group;
    private EventLoop loop;
    private Object[] handles;

    @Setup(Level.Trial)
    public void setUp() {
        handles = new Object[timers];
        switch (timer) {
            case Executors3.POLYLOOP: runtime = Executors3.polyloopWithoutWatchdog(); break;
            case HASHED_WHEEL: wheel = new HashedWheelTimer(); wheel.start(); break;
            case STPE: stpe = new ScheduledThreadPoolExecutor(1); stpe.setRemoveOnCancelPolicy(true); break;
            default: group = Executors3.netty(); loop = group.next();
        }
    }

    /** Per timer: JMH divides by the invocation count only, so the score is scaled by {@code timers} afterwards. */
    @Benchmark
    public Object scheduleAndCancel() throws Exception {
        switch (timer) {
            case Executors3.POLYLOOP:
                return runtime.submit(() -> {
                    Duration d = Duration.ofSeconds(10);
                    for (int i = 0; i < timers; i++) {
                        handles[i] = runtime.sleep(d);
                    }
                    for (int i = 0; i < timers; i++) {
                        ((Task<?>) handles[i]).cancel();
                    }
                    return handles[0];
                }).get(60, TimeUnit.SECONDS);
            case HASHED_WHEEL:
                for (int i = 0; i < timers; i++) {
                    handles[i] = wheel.newTimeout(t -> { }, 10, TimeUnit.SECONDS);
                }
                for (int i = 0; i < timers; i++) {
                    ((Timeout) handles[i]).cancel();
                }
                return handles[0];
            case STPE:
                for (int i = 0; i < timers; i++) {
                    handles[i] = stpe.schedule(NOTHING, 10, TimeUnit.SECONDS);
                }
                for (int i = 0; i < timers; i++) {
                    ((ScheduledFuture<?>) handles[i]).cancel(false);
                }
                return handles[0];
            default:
                return loop.submit(() -> {
                    for (int i = 0; i < timers; i++) {
                        handles[i] = loop.schedule(NOTHING, 10, TimeUnit.SECONDS);
                    }
                    for (int i = 0; i < timers; i++) {
                        ((ScheduledFuture<?>) handles[i]).cancel(false);
                    }
                    return handles[0];
                }).get(60, TimeUnit.SECONDS);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (wheel != null) {
            wheel.stop();
        }
        if (stpe != null) {
            stpe.shutdownNow();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
