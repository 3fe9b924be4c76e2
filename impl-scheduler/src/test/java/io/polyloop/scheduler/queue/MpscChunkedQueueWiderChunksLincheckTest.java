package io.polyloop.scheduler.queue;

/**
 * {@link MpscChunkedQueueLincheckTest} with chunks of 4 positions (3 slots) and capacity 4: a chunk boundary inside a
 * full queue. A class of its own: surefire's default excludes skip nested classes, so as one it never ran.
 */
public class MpscChunkedQueueWiderChunksLincheckTest extends MpscChunkedQueueLincheckTest {
    @Override
    int capacity() {
        return 4;
    }

    @Override
    int chunkSize() {
        return 4;
    }
}
