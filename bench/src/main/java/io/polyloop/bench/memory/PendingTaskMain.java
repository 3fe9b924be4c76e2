package io.polyloop.bench.memory;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.polyloop.api.IoRuntime;
import io.polyloop.bench.proc.ChildProtocol;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Retained heap per pending task, in its own JVM: {@code PendingTaskMain <subject> <count>}. The executor's only
 * worker is held on a latch; {@code count} tasks (one shared Runnable, so only the executor's own bookkeeping is
 * counted) are queued; the used heap after full collections is compared with before. Prints {@code RESULT bytes=…}.
 */
public final class PendingTaskMain {
    static final String POLYLOOP = "polyloop";
    static final String FORK_JOIN = "ForkJoinPool";
    static final String TPE = "ThreadPoolExecutor";
    static final String NETTY = "Netty event loop";

    private PendingTaskMain() {
    }

    public static void main(String[] args) throws Exception {
        String subject = args[0];
        int count = Integer.parseInt(args[1]);
        Executor executor;
        AutoCloseable closer;
        switch (subject) {
            case POLYLOOP: {
                IoRuntime rt = IoRuntime.builder().strategy("single-threaded").set("queueCapacity", 1 << 22).build();
                executor = rt::post;
                closer = rt;
                break;
            }
            case FORK_JOIN: {
                ForkJoinPool p = new ForkJoinPool(1);
                executor = p;
                closer = p::shutdownNow;
                break;
            }
            case TPE: {
                ThreadPoolExecutor p = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                executor = p;
                closer = p::shutdownNow;
                break;
            }
            case NETTY: {
                MultiThreadIoEventLoopGroup g = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
                executor = g.next();
                closer = () -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
                break;
            }
            default:
                throw new IllegalArgumentException("subject " + subject + "; accepted: " + String.join(", ", POLYLOOP,
                        FORK_JOIN, TPE, NETTY));
        }
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        Runnable nothing = () -> { };
        executor.execute(() -> {
            started.countDown();
            try {
                gate.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await(30, TimeUnit.SECONDS);
        long before = ChildProtocol.usedHeapAfterGc();
        for (int i = 0; i < count; i++) {
            executor.execute(nothing);
        }
        long after = ChildProtocol.usedHeapAfterGc();
        System.out.println("RESULT bytes=" + (after - before) / (double) count);
        gate.countDown();
        closer.close();
        System.exit(0);
    }
}
