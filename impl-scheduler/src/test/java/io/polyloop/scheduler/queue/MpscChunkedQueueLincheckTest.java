package io.polyloop.scheduler.queue;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Linearizability of {@link MpscChunkedQueue}: offers, close and isClosed from any thread, polls and emptiness
 * checks from one (the consumer, as the contract says). Chunks of 2 positions (one slot: every offer links a chunk)
 * and capacity 2, so full, chunk boundaries, the wait for a claimed slot and a close racing a chunk link are all
 * reached; {@link MpscChunkedQueueWiderChunksLincheckTest} runs 3-slot chunks.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:9")
@Timeout(120)
public class MpscChunkedQueueLincheckTest {
    private final MpscChunkedQueue<Integer> queue = new MpscChunkedQueue<>(capacity(), chunkSize());

    int capacity() {
        return 2;
    }

    int chunkSize() {
        return 2;
    }

    @Operation
    public boolean offer(@Param(name = "v") int v) {
        return queue.offer(v);
    }

    @Operation
    public void close() {
        queue.close();
    }

    @Operation
    public boolean isClosed() {
        return queue.isClosed();
    }

    @Operation(nonParallelGroup = "consumer")
    public Integer poll() {
        return queue.poll();
    }

    @Operation(nonParallelGroup = "consumer")
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Test
    void modelChecking() {
        LinChecker.Companion.check(getClass(), new ModelCheckingOptions()
                .iterations(6).invocationsPerIteration(150).threads(3).actorsPerThread(3));
    }

    @Test
    void stress() {
        LinChecker.Companion.check(getClass(), new StressOptions()
                .iterations(6).invocationsPerIteration(300).threads(3).actorsPerThread(3));
    }
}
