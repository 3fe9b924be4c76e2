package io.polyloop.bench.sched;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.polyloop.api.IoRuntime;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The other side of {@link PostBench}: a foreign thread posts a burst of {@code burst} tasks and waits until the last
 * one has run, then posts the next burst; the time per burst, from the first post to the last run. What a caller
 * that waits for its posts pays, and what a loop's watch before sleep must not make longer while it lets a stream
 * build batches (s9 post note). Not part of the bench's scheduler section; run it by hand:
 * {@code java -cp ... org.openjdk.jmh.Main sched.PostRoundTripBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PostRoundTripBench {
    @Param({Executors3.POLYLOOP, Executors3.NETTY})
    public String executor;

    @Param({"1", "16"})
    public int burst;

    /** Written by the worker only (one thread: no lost update), read by the poster. */
    private volatile long ran;
    private final Runnable task = () -> ran = ran + 1;
    private Executor target;
    private AutoCloseable closer;
    private long expected;

    @Setup(Level.Trial)
    public void setUp() {
        if (Executors3.POLYLOOP.equals(executor)) {
            IoRuntime rt = Executors3.polyloop();
            target = rt::post;
            closer = rt;
        } else {
            MultiThreadIoEventLoopGroup g = Executors3.netty();
            target = g.next();
            closer = () -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Benchmark
    public long roundTrip() {
        for (int i = 0; i < burst; i++) {
            target.execute(task);
        }
        expected += burst;
        while (ran < expected) {
            Thread.onSpinWait();
        }
        return expected;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        closer.close();
    }
}
