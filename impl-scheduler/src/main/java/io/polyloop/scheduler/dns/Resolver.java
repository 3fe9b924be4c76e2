package io.polyloop.scheduler.dns;

import io.polyloop.scheduler.blocking.BlockingPool;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.scheduler.timer.Timer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Name resolution with the JDK's resolver (hosts file, then DNS, as the OS configures them), run on the blocking
 * pool ({@code spawnBlocking}'s) because it blocks, bounded by a timeout kept on the loop's timers. Loop thread only.
 */
public final class Resolver {
    private static final Runnable NOTHING = () -> { };

    private Resolver() {
    }

    /**
     * Resolves {@code host} on {@code blocking}; {@code task} completes on {@code loop} with every address, or fails
     * with {@link UnknownHostException} (not found, or no answer within {@code timeoutNanos}). Cancelling the task
     * interrupts the lookup.
     */
    public static void resolve(EventLoop loop, BlockingPool blocking, String host, long timeoutNanos,
                               LoopTask<List<InetAddress>> task) {
        if (task.isDone()) {
            return;
        }
        LoopTask<InetAddress[]> lookup = blocking.submit(loop, () -> InetAddress.getAllByName(host));
        Timer timer = loop.schedule(timeoutNanos, () -> {
            UnknownHostException e = new UnknownHostException(host + ": no answer within " + timeoutNanos / 1_000_000
                    + " ms (resolve timeout)");
            if (task.completeExceptionally(e)) {
                lookup.cancel();
            }
        }, NOTHING);
        task.onCancel(() -> {
            lookup.cancel();
            loop.cancel(timer);
        });
        lookup.whenComplete((addresses, failure) -> {
            loop.cancel(timer);
            if (failure != null) {
                task.completeExceptionally(failure instanceof java.util.concurrent.CompletionException
                        && failure.getCause() != null ? failure.getCause() : failure);
            } else {
                task.complete(List.of(addresses));
            }
        });
    }
}
