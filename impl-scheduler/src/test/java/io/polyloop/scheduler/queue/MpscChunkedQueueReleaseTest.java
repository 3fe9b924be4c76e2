package io.polyloop.scheduler.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the queue keeps referenced of the elements it handed out: {@link MpscChunkedQueue#relaxedPoll()} leaves its
 * slot as it is (no store next to a producer's), {@link MpscChunkedQueue#releaseTaken(int)} clears all but the last
 * {@code lag} of them, a chunk the consumer left holds nothing reachable, and {@link MpscChunkedQueue#poll()} (the
 * drains) clears its slot at once. Clearing never touches an element not yet taken, also with producers running.
 */
@Timeout(60)
class MpscChunkedQueueReleaseTest {

    @Test
    void releaseTakenClearsAllButTheLastLagTakenElements() {
        MpscChunkedQueue<Integer> q = new MpscChunkedQueue<>(1000, 128);
        for (int i = 0; i < 100; i++) {
            assertTrue(q.offer(i));
        }
        for (int i = 0; i < 40; i++) {
            assertEquals(i, q.relaxedPoll());
        }
        assertEquals(40, q.retainedTaken(), "relaxedPoll leaves its slots as they are");
        assertEquals(8, q.releaseTaken(32));
        assertEquals(32, q.retainedTaken(), "the last 32 stay");
        assertEquals(0, q.releaseTaken(32), "nothing more to clear at the same position");
        assertEquals(40, q.relaxedPoll());
        assertEquals(1, q.releaseTaken(32));
        assertEquals(32, q.retainedTaken());
        assertEquals(32, q.releaseTaken(0));
        assertEquals(0, q.retainedTaken(), "lag 0 clears every taken element");
        for (int i = 41; i < 100; i++) { // the elements not taken yet were never touched
            assertEquals(i, q.relaxedPoll());
        }
        assertNull(q.relaxedPoll());
        q.releaseTaken(0);
        assertEquals(0, q.retainedTaken());
    }

    @Test
    void pollClearsItsSlotAtOnce() {
        MpscChunkedQueue<Integer> q = new MpscChunkedQueue<>(1000, 128);
        for (int i = 0; i < 10; i++) {
            assertTrue(q.offer(i));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(i, q.poll());
        }
        assertEquals(0, q.retainedTaken());
        assertEquals(5, q.relaxedPoll());
        assertEquals(6, q.poll());
        assertEquals(1, q.retainedTaken(), "only the relaxed poll's element");
    }

    @Test
    void aChunkTheConsumerLeftKeepsNothingReachable() throws InterruptedException {
        MpscChunkedQueue<Object> q = new MpscChunkedQueue<>(1000, 8); // 7 slots per chunk
        List<WeakReference<Object>> first = offerTracked(q, 7);
        offerTracked(q, 3);
        for (int i = 0; i < 10; i++) {
            assertTrue(q.relaxedPoll() != null);
        }
        assertEquals(3, q.retainedTaken(), "the consumer's chunk holds the 3 taken from it");
        // never released: the first chunk as a whole is unreachable once the consumer left it
        awaitCollected(first);
        q.releaseTaken(0);
        assertEquals(0, q.retainedTaken());
    }

    /**
     * 3 producers against a consumer on relaxedPoll that releases with a random lag (0 to 40) after a random number of
     * takes: every element arrives, in per-producer order (a release that cleared a slot not yet taken would lose
     * an element or stall the consumer), and the queue keeps no more than the lag referenced.
     */
    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {2, 8, 128})
    void releasingWhileProducersRunLosesNothing(int chunk) throws Exception {
        int perProducer = chunk == 2 ? 20_000 : 100_000;
        MpscChunkedQueue<long[]> q = new MpscChunkedQueue<>(512, chunk);
        SplittableRandom random = new SplittableRandom(20261121);
        int[] sinceRelease = {0};
        int[] worst = {0};
        int received = new SequencedProducers(q, 3, perProducer).consumeInOrder(() -> {
            long[] e = q.relaxedPoll();
            if (++sinceRelease[0] >= random.nextInt(1, 100)) {
                sinceRelease[0] = 0;
                int lag = random.nextInt(0, 41);
                q.releaseTaken(lag);
                int kept = q.retainedTaken();
                if (kept > lag) {
                    worst[0] = Math.max(worst[0], kept - lag);
                }
            }
            return e;
        });
        assertEquals(3 * perProducer, received, "a consumer that releases lost or stalled on elements");
        assertEquals(0, worst[0], "more taken elements referenced than the lag after a release");
        q.releaseTaken(0);
        assertEquals(0, q.retainedTaken());
    }

    private static List<WeakReference<Object>> offerTracked(MpscChunkedQueue<Object> q, int n) {
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object o = new byte[64];
            refs.add(new WeakReference<>(o));
            assertTrue(q.offer(o));
        }
        return refs;
    }

    /** Full collections until every referent is gone; fails if some stay reachable after 50. */
    static void awaitCollected(List<WeakReference<Object>> refs) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            System.gc();
            if (refs.stream().allMatch(r -> r.get() == null)) {
                return;
            }
            Thread.sleep(10);
        }
        long alive = refs.stream().filter(r -> r.get() != null).count();
        throw new AssertionError(alive + " of " + refs.size() + " elements still reachable");
    }
}
