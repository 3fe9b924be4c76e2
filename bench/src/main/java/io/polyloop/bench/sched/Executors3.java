package io.polyloop.bench.sched;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.polyloop.api.IoRuntime;

import java.util.concurrent.ForkJoinPool;

/**
 * The three executors the scheduler benchmarks compare, each with one worker thread so that they do the same job:
 * a polyloop runtime (single-threaded strategy, default backend), a ForkJoinPool of parallelism 1 and one Netty 4.2
 * event loop (epoll where it runs, else NIO).
 */
final class Executors3 {
    static final String POLYLOOP = "polyloop";
    static final String FORK_JOIN = "ForkJoinPool";
    static final String NETTY = "Netty event loop";

    private Executors3() {
    }

    static IoRuntime polyloop() {
        return IoRuntime.builder().strategy("single-threaded").set("queueCapacity", 1 << 20).build();
    }

    /**
     * As {@link #polyloop()}, with the blocked-loop watchdog off: for a benchmark whose one task is a turn of seconds
     * by design (a million timers scheduled in one task), where the watchdog would print a "blocked turn" warning with
     * a stack into the bench logs, and take CPU for it, at every invocation.
     */
    static IoRuntime polyloopWithoutWatchdog() {
        return IoRuntime.builder().strategy("single-threaded").set("queueCapacity", 1 << 20)
                .set(io.polyloop.api.RuntimeSettings.BLOCKED_THRESHOLD_MILLIS, 0).build();
    }

    static ForkJoinPool forkJoin() {
        return new ForkJoinPool(1);
    }

    static MultiThreadIoEventLoopGroup netty() {
        IoHandlerFactory f = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(1, f);
    }
}
