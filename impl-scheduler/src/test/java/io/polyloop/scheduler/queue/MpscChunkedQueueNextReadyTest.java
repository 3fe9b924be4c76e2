package io.polyloop.scheduler.queue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MpscChunkedQueue#nextReady()}, the consumer's look at its own next slot (the loop watches the inbox with it
 * before sleeping): true exactly when the next element is written, across chunk links, and never true for an empty
 * queue. A consumer that polls only once it says true must receive everything, in producer order.
 */
@Timeout(60)
class MpscChunkedQueueNextReadyTest {
    private static final int PRODUCERS = 3;

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {2, 4, 128})
    void trueExactlyWhileTheNextElementIsThereAcrossChunkLinks(int chunk) {
        MpscChunkedQueue<Integer> q = new MpscChunkedQueue<>(1000, chunk);
        assertFalse(q.nextReady());
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 300; i++) {
                assertTrue(q.offer(i));
                assertTrue(q.nextReady(), "after offer " + i);
            }
            for (int i = 0; i < 300; i++) {
                assertTrue(q.nextReady(), "before poll " + i);
                assertEquals(i, q.poll());
            }
            assertFalse(q.nextReady(), "drained, round " + round);
        }
        q.offer(7);
        q.close();
        assertTrue(q.nextReady(), "closed with an element left");
        assertEquals(7, q.poll());
        assertFalse(q.nextReady());
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {2, 4, 128})
    void aConsumerThatPollsOnlyWhenReadyGetsEverythingInProducerOrder(int chunk) throws Exception {
        int perProducer = chunk == 2 ? 20_000 : 100_000;
        MpscChunkedQueue<long[]> q = new MpscChunkedQueue<>(512, chunk);
        int received = new SequencedProducers(q, PRODUCERS, perProducer).consumeInOrder(() -> {
            if (!q.nextReady()) {
                return null;
            }
            long[] item = q.poll();
            assertNotNull(item, "nextReady() said true, poll() found nothing");
            return item;
        });
        assertEquals(PRODUCERS * perProducer, received, "a consumer waiting on nextReady() stalled");
        assertFalse(q.nextReady());
        assertTrue(q.isEmpty());
    }
}
