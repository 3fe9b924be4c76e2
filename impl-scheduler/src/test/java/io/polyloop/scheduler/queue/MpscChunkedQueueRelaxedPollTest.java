package io.polyloop.scheduler.queue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MpscChunkedQueue#relaxedPoll()}, the loop's poll within a turn: the same elements in the same order as
 * {@link MpscChunkedQueue#poll()}, across chunk links and mixed with it; null when empty. Under concurrent producers
 * it may answer null while an offer is in flight, so its consumer checks {@link MpscChunkedQueue#isEmpty()} before it
 * would stop (what the loop does before it sleeps): it must then receive everything, in per-producer order.
 */
@Timeout(60)
class MpscChunkedQueueRelaxedPollTest {
    private static final int PRODUCERS = 3;

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {2, 4, 128})
    void takesWhatPollTakesInOrderAcrossChunkLinks(int chunk) {
        MpscChunkedQueue<Integer> q = new MpscChunkedQueue<>(1000, chunk);
        assertNull(q.relaxedPoll());
        int next = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 300; i++) {
                assertTrue(q.offer(round * 300 + i));
            }
            for (int i = 0; i < 300; i++) {
                // mixed with poll: both move the same consumer position and chunk
                Integer got = i % 3 == 0 ? q.poll() : q.relaxedPoll();
                assertEquals(next++, got, "round " + round + ", element " + i);
            }
            assertNull(q.relaxedPoll(), "drained, round " + round);
            assertTrue(q.isEmpty());
            assertEquals(0, q.size());
        }
        q.offer(7);
        q.close();
        assertEquals(7, q.relaxedPoll(), "closed with an element left");
        assertNull(q.relaxedPoll());
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {2, 4, 128})
    void aConsumerThatChecksIsEmptyBeforeStoppingGetsEverythingInProducerOrder(int chunk) throws Exception {
        int perProducer = chunk == 2 ? 20_000 : 100_000;
        MpscChunkedQueue<long[]> q = new MpscChunkedQueue<>(512, chunk);
        // a null means "look again": the loop would re-check isEmpty() after announcing sleep
        int received = new SequencedProducers(q, PRODUCERS, perProducer).consumeInOrder(q::relaxedPoll);
        assertEquals(PRODUCERS * perProducer, received, "a consumer on relaxedPoll() lost or stalled on elements");
        assertNull(q.relaxedPoll());
        assertTrue(q.isEmpty(), "relaxedPoll() answered null on a queue that still held elements");
    }
}
