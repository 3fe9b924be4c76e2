package io.polyloop.scheduler.loop;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.scheduler.testkit.ForwardingDriver;
import io.polyloop.scheduler.testkit.ForwardingProvider;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watchdog's other report: a loop asleep in its driver with a post in its inbox that never runs. The driver here
 * drops wake-ups on purpose, as session 8's io_uring and epoll drivers did by accident.
 */
@Timeout(30)
class AsleepWithPostsReportTest {
    private record Asleep(String loop, long asleepNanos, int posts) {
    }

    @Test
    void aLoopAsleepWithAPostItNeverRunsIsReportedOncePerEpisode() throws Exception {
        AtomicBoolean deaf = new AtomicBoolean();
        IoBackendProvider dropsWakeups = new ForwardingProvider(new EpollBackendProvider()) {
            @Override
            protected IoDriver wrap(IoDriver real) {
                return new ForwardingDriver(real) {
                    @Override
                    public void wakeup() {
                        if (!deaf.get()) {
                            super.wakeup();
                        }
                    }
                };
            }
        };
        List<Asleep> asleep = new CopyOnWriteArrayList<>();
        List<String> blocked = new CopyOnWriteArrayList<>();
        EventLoop loop = new EventLoop("deaf-loop", new LoopConfig(64, 1024, dropsWakeups, 256, 1));
        BlockedLoopWatchdog watchdog = new BlockedLoopWatchdog("deaf", () -> List.of(loop), 100,
                new BlockedLoopWatchdog.Reporter() {
                    @Override
                    public void blocked(EventLoop l, long blockedNanos, long thresholdNanos, long episode,
                                        StackTraceElement[] stack) {
                        blocked.add(l.name());
                    }

                    @Override
                    public void asleepWithPosts(EventLoop l, long asleepNanos, int posts) {
                        asleep.add(new Asleep(l.name(), asleepNanos, posts));
                    }
                });
        loop.start();
        watchdog.start();
        try {
            CompletableFuture<Void> opened = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    loop.driver(); // so that the loop sleeps in the driver, whose wake-ups are dropped below
                    opened.complete(null);
                } catch (Exception e) {
                    opened.completeExceptionally(e);
                }
            });
            opened.get(10, TimeUnit.SECONDS);
            awaitTrue(() -> loop.stats().busySince() == 0, "the loop asleep");
            blocked.clear(); // the first turn opened the driver (class loading): it may have taken > 100 ms
            Thread.sleep(500);
            assertEquals(List.of(), asleep, "an idle loop with an empty inbox is not reported");

            deaf.set(true);
            CountDownLatch ran = new CountDownLatch(1);
            long posted = System.nanoTime();
            loop.execute(ran::countDown); // its wake-up is lost
            awaitTrue(() -> asleep.size() == 1, "the report");
            assertTrue(System.nanoTime() - posted >= BlockedLoopWatchdog.ASLEEP_WITH_POSTS_NANOS, "reported early");
            Asleep a = asleep.get(0);
            assertEquals("deaf-loop", a.loop());
            assertEquals(1, a.posts());
            assertEquals(1, ran.getCount(), "the post has not run");
            Thread.sleep(600);
            assertEquals(1, asleep.size(), "one report per episode");

            deaf.set(false);
            loop.wake(); // unconditional: the post's own wake-up cleared the sleep flag before it was dropped
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the post runs once the loop is woken");
            assertEquals(List.of(), blocked, "asleep is not blocked");
        } finally {
            watchdog.close();
            loop.shutdown();
            loop.terminated().get(10, TimeUnit.SECONDS);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }
}
