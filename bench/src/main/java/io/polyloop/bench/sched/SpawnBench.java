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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Spawn cost: the benchmark thread starts {@value #BATCH} asynchronous tasks that each produce a value, then waits
 * for every result. polyloop: {@code IoRuntime.spawn} (a {@code Task}); ForkJoinPool: {@code
 * CompletableFuture.supplyAsync}; Netty: {@code EventLoop.submit} (a Netty {@code Future}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpawnBench {
    static final int BATCH = 1000;
    private static final Integer VALUE = 42;

    @Param({Executors3.POLYLOOP, Executors3.FORK_JOIN, Executors3.NETTY})
    public String executor;

    private IoRuntime runtime;
    private ForkJoinPool pool;
    private MultiThreadIoEventLoopGroup group;
    private EventLoop loop;
    private final Future<?>[] futures = new Future<?>[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        switch (executor) {
            case Executors3.POLYLOOP: runtime = Executors3.polyloop(); break;
            case Executors3.FORK_JOIN: pool = Executors3.forkJoin(); break;
            default: group = Executors3.netty(); loop = group.next();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object spawn() throws Exception {
        switch (executor) {
            case Executors3.POLYLOOP:
                for (int i = 0; i < BATCH; i++) {
                    futures[i] = runtime.spawn(() -> CompletableFuture.completedFuture(VALUE));
                }
                break;
            case Executors3.FORK_JOIN:
                for (int i = 0; i < BATCH; i++) {
                    futures[i] = CompletableFuture.supplyAsync(() -> VALUE, pool);
                }
                break;
            default:
                for (int i = 0; i < BATCH; i++) {
                    futures[i] = loop.submit(() -> VALUE);
                }
        }
        Object last = null;
        for (Future<?> f : futures) {
            last = f.get(10, TimeUnit.SECONDS);
        }
        return last;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
