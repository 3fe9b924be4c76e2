package io.polyloop.scheduler.loop;

import io.polyloop.scheduler.testkit.NoDriverProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop's watch before sleep ({@link LoopInbox#postArrivedBeforeSleep}) and its adaptation, and the sleep
 * protocol around it: a post that lands while the loop watches, announces sleep or sleeps is never stranded.
 */
@Timeout(120)
class LoopWatchBeforeSleepTest {

    @Test
    void theWatchGrowsAfterSleepsAPostEndedSoonAndShrinksAfterLongOnes() {
        LoopInbox inbox = new LoopInbox(100);
        assertEquals(LoopInbox.MIN_SPIN_NANOS, inbox.spinNanos());
        assertFalse(inbox.postArrivedBeforeSleep(), "no post taken: no watch");
        inbox.woke(1_000);
        assertEquals(LoopInbox.MIN_SPIN_NANOS, inbox.spinNanos(), "a sleep without a watch before it changes nothing");
        long expected = LoopInbox.MIN_SPIN_NANOS;
        for (int i = 0; i < 10; i++) { // short sleeps ended by a post: up to the bound
            takeOne(inbox);
            assertFalse(inbox.postArrivedBeforeSleep(), "nothing posted during the watch");
            assertTrue(inbox.offer(() -> { }));
            inbox.woke(LoopInbox.MAX_SPIN_NANOS - 1);
            expected = Math.min(LoopInbox.MAX_SPIN_NANOS, expected * 2);
            assertEquals(expected, inbox.spinNanos(), "short sleep " + i);
        }
        assertEquals(LoopInbox.MAX_SPIN_NANOS, inbox.spinNanos());
        takeOne(inbox);
        long t0 = System.nanoTime();
        assertFalse(inbox.postArrivedBeforeSleep());
        assertTrue(System.nanoTime() - t0 >= LoopInbox.MAX_SPIN_NANOS, "the watch lasts its budget");
        inbox.woke(TimeUnit.MILLISECONDS.toNanos(5)); // a long sleep: the watch was worth nothing
        assertEquals(LoopInbox.MAX_SPIN_NANOS / 2, inbox.spinNanos());
        takeOne(inbox);
        assertFalse(inbox.postArrivedBeforeSleep());
        inbox.woke(1_000); // short, but no post waiting: something else woke the loop
        assertEquals(LoopInbox.MAX_SPIN_NANOS / 4, inbox.spinNanos());
        for (int i = 0; i < 10; i++) {
            takeOne(inbox);
            assertFalse(inbox.postArrivedBeforeSleep());
            inbox.woke(TimeUnit.MILLISECONDS.toNanos(5));
        }
        assertEquals(LoopInbox.MIN_SPIN_NANOS, inbox.spinNanos());
        takeOne(inbox);
        assertTrue(inbox.offer(() -> { }));
        assertTrue(inbox.postArrivedBeforeSleep(), "a post already there ends the watch");
    }

    /**
     * The first look of a watch comes later (doubling up to {@link LoopInbox#WATCH_FIRST_GAP_MAX_NANOS}) only while
     * the posts it finds keep coming: {@link LoopInbox#STREAM_POSTS} or more taken before the next watch. A single
     * post, a burst taken at once, or a look that finds none bring it back to the shortest gap, so that a ping-pong
     * poster never waits for a gap a stream grew.
     */
    @Test
    void theFirstLookComesLaterOnlyWhileItFindsAStream() {
        LoopInbox inbox = new LoopInbox(1000);
        assertEquals(LoopInbox.WATCH_FIRST_GAP_NANOS, inbox.firstGap());
        growToTheMax(inbox);
        watchFinding(inbox, 1); // a ping-pong: its first look (found) is judged by the next watch, which finds one too
        assertEquals(LoopInbox.WATCH_FIRST_GAP_MAX_NANOS, inbox.firstGap());
        watchFinding(inbox, 1);
        assertEquals(LoopInbox.WATCH_FIRST_GAP_NANOS, inbox.firstGap(), "one post found: back to the shortest gap");
        growToTheMax(inbox);
        watchFinding(inbox, LoopInbox.STREAM_POSTS - 4); // a burst: with takeOne's post (and a chunk link) short of a stream
        watchFinding(inbox, 1);
        assertEquals(LoopInbox.WATCH_FIRST_GAP_NANOS, inbox.firstGap(), "a burst taken at once");
        growToTheMax(inbox);
        takeOne(inbox);
        assertFalse(inbox.postArrivedBeforeSleep(), "nothing posted");
        assertEquals(LoopInbox.WATCH_FIRST_GAP_NANOS, inbox.firstGap(), "a watch that found nothing");
    }

    /** Watches whose first look finds a stream of STREAM_POSTS, until the first look comes as late as it may. */
    private static void growToTheMax(LoopInbox inbox) {
        long gap = inbox.firstGap();
        for (int i = 0; i < 6; i++) {
            watchFinding(inbox, LoopInbox.STREAM_POSTS);
            assertEquals(gap, inbox.firstGap(), "judged only at the next watch, " + i);
            gap = Math.min(LoopInbox.WATCH_FIRST_GAP_MAX_NANOS, gap * 2);
        }
        assertEquals(LoopInbox.WATCH_FIRST_GAP_MAX_NANOS, inbox.firstGap());
    }

    /** A turn that took posts, then {@code posts} posted before the watch's first look, which finds them. */
    private static void watchFinding(LoopInbox inbox, int posts) {
        takeOne(inbox);
        for (int k = 0; k < posts; k++) {
            assertTrue(inbox.offer(() -> { }));
        }
        assertTrue(inbox.postArrivedBeforeSleep());
    }

    /**
     * 12 000 posts from one poster, gaps from none to well past the longest watch, each post waited for without any other wake-up:
     * a lost wake-up leaves the loop parked for good and the wait fails. Then bursts of random length.
     */
    @Test
    void noPostIsStrandedWhateverTheGapToTheLastOne() throws Exception {
        EventLoop loop = new EventLoop("watch", new LoopConfig(64, 1 << 16, new NoDriverProvider(), 64, 1));
        loop.start();
        try {
            AtomicLong ran = new AtomicLong();
            Runnable task = () -> ran.lazySet(ran.get() + 1);
            SplittableRandom random = new SplittableRandom(20261121);
            long posted = 0;
            for (int i = 0; i < 12_000; i++) {
                int burst = i % 10 == 0 ? 1 + random.nextInt(300) : 1;
                for (int k = 0; k < burst; k++) {
                    loop.execute(task);
                }
                posted += burst;
                awaitRan(ran, posted, i);
                spin(random.nextInt(i % 50 == 0 ? 200_000 : 3 * (int) LoopInbox.MAX_SPIN_NANOS));
            }
            assertEquals(posted, ran.get());
        } finally {
            loop.shutdown();
            loop.terminated().get(30, TimeUnit.SECONDS);
        }
    }

    /** A turn that took posts: one more, then the inbox drained (the post that ended the last sleep too). */
    private static void takeOne(LoopInbox inbox) {
        assertTrue(inbox.offer(() -> { }));
        int taken = 0;
        while (inbox.poll() != null) {
            taken++;
        }
        assertTrue(taken >= 1);
    }

    private static void awaitRan(AtomicLong ran, long expected, int i) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("post " + i + " not run within 10 s: a lost wake-up (" + ran.get() + " of "
                        + expected + " ran)");
            }
            Thread.onSpinWait();
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
