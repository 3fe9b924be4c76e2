package io.polyloop.scheduler.loop;

import io.polyloop.scheduler.testkit.NoDriverProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox takes posts without clearing their slots (see {@link LoopInbox#pollRelaxed}); what the loop then keeps
 * alive of the posts it ran is bounded: at most {@link LoopInbox#RELEASE_LAG} while it works without ever sleeping,
 * none once it sleeps or a caller stops driving it. Posts capture a payload known only through a weak reference.
 */
@Timeout(60)
class LoopReleasesRanPostsTest {
    private static final int POSTS = 100;

    @Test
    void aSleepingLoopKeepsNoPostItRanAlive() throws Exception {
        EventLoop loop = new EventLoop("release", new LoopConfig(64, 1 << 16, new NoDriverProvider(), 64, 1));
        loop.start();
        try {
            AtomicLong ran = new AtomicLong();
            List<WeakReference<Object>> payloads = postTracked(loop, POSTS, ran);
            awaitRan(ran, POSTS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!loop.slot.sleeping) {
                assertTrue(System.nanoTime() < deadline, "the loop did not go to sleep");
                Thread.sleep(1);
            }
            awaitCollected(payloads, payloads.size());
        } finally {
            loop.shutdown();
            loop.terminated().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A loop kept busy by a task that reposts itself never sleeps; its turns end, and each leaves at most
     * RELEASE_LAG of the posts taken referenced. Once the busy task stops, the loop sleeps and keeps none.
     */
    @Test
    void aLoopThatNeverSleepsKeepsAtMostTheLagAlive() throws Exception {
        EventLoop loop = new EventLoop("release-busy", new LoopConfig(64, 1 << 16, new NoDriverProvider(), 64, 1));
        loop.start();
        Busy busy = new Busy(loop);
        try {
            AtomicLong ran = new AtomicLong();
            List<WeakReference<Object>> payloads = postTracked(loop, POSTS, ran);
            loop.execute(busy); // after the tracked posts: from now on the loop's turns all spend their budget
            awaitRan(ran, POSTS);
            long spins = busy.runs.get();
            while (busy.runs.get() < spins + 1_000) { // many turn ends since the last tracked post ran
                Thread.onSpinWait();
            }
            // the last RELEASE_LAG posts taken (the busy task among them) may stay; every earlier one must go
            awaitCollected(payloads.subList(0, POSTS - LoopInbox.RELEASE_LAG), POSTS - LoopInbox.RELEASE_LAG);
            assertTrue(!loop.slot.sleeping, "the loop was meant to stay awake");
            busy.stop = true;
            awaitCollected(payloads, POSTS);
        } finally {
            busy.stop = true;
            loop.shutdown();
            loop.terminated().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLoopNobodyDrivesKeepsNoPostItRanAlive() throws Exception {
        EventLoop loop = new EventLoop("release-driven", new LoopConfig(64, 1 << 16, new NoDriverProvider(), 64, 1),
                true);
        AtomicLong ran = new AtomicLong();
        List<WeakReference<Object>> payloads = postTracked(loop, POSTS, ran);
        loop.drive(() -> ran.get() == POSTS, false); // ends right after a turn: no sleep in between
        awaitCollected(payloads, POSTS);
        loop.shutdown();
        loop.drive(() -> false, false);
        assertTrue(loop.isTerminated());
    }

    /** Posts {@code n} tasks from this thread, each capturing a payload nothing else references. */
    private static List<WeakReference<Object>> postTracked(EventLoop loop, int n, AtomicLong ran) {
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] payload = new byte[256];
            refs.add(new WeakReference<>(payload));
            loop.execute(() -> {
                payload[0]++;
                ran.incrementAndGet();
            });
        }
        return refs;
    }

    private static void awaitRan(AtomicLong ran, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.get() < expected) {
            assertTrue(System.nanoTime() < deadline, ran.get() + " of " + expected + " posts ran within 10 s");
            Thread.onSpinWait();
        }
    }

    /** Full collections until every referent is gone; fails naming how many stay reachable after 50. */
    private static void awaitCollected(List<WeakReference<Object>> refs, int n) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            System.gc();
            if (refs.stream().allMatch(r -> r.get() == null)) {
                return;
            }
            Thread.sleep(10);
        }
        long alive = refs.stream().filter(r -> r.get() != null).count();
        throw new AssertionError(alive + " of " + n + " ran posts still referenced by the loop");
    }

    /** Reposts itself (to the loop's local queue) until stopped. */
    private static final class Busy implements Runnable {
        final EventLoop loop;
        final AtomicLong runs = new AtomicLong();
        volatile boolean stop;

        Busy(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void run() {
            runs.lazySet(runs.get() + 1);
            if (!stop) {
                loop.execute(this);
            }
        }
    }
}
