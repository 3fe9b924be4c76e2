package io.polyloop.bench.sched;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.polyloop.api.IoRuntime;
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

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cross-thread post: the benchmark thread hands {@value #BATCH} tasks to an executor with one worker and waits
 * until the last one has run. Measures posting, waking the worker and running tasks, per task.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PostBench {
    static final int BATCH = 1000;

    @Param({Executors3.POLYLOOP, Executors3.FORK_JOIN, Executors3.NETTY})
    public String executor;

    private final AtomicLong ran = new AtomicLong();
    private final Runnable task = () -> ran.lazySet(ran.get() + 1); // one worker thread: no lost update
    private Executor target;
    private AutoCloseable closer;
    private long expected;

    @Setup(Level.Trial)
    public void setUp() {
        switch (executor) {
            case Executors3.POLYLOOP: {
                IoRuntime rt = Executors3.polyloop();
                target = rt::post;
                closer = rt;
                break;
            }
            case Executors3.FORK_JOIN: {
                ForkJoinPool p = Executors3.forkJoin();
                target = p;
                closer = p::shutdownNow;
                break;
            }
            default: {
                MultiThreadIoEventLoopGroup g = Executors3.netty();
                EventLoop loop = g.next();
                target = loop;
                closer = () -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long post() {
        for (int i = 0; i < BATCH; i++) {
            target.execute(task);
        }
        expected += BATCH;
        while (ran.get() < expected) {
            Thread.onSpinWait();
        }
        return expected;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        closer.close();
    }
}
