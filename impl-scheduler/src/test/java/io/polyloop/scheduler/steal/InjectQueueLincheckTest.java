package io.polyloop.scheduler.steal;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Linearizability of {@link InjectQueue} with capacity 2 (full is reached): offers and polls from any thread. */
@Param(name = "v", gen = IntGen.class, conf = "1:9")
@Timeout(300) // generous: seconds on a quiet machine, minutes on a loaded one
public class InjectQueueLincheckTest {
    private final InjectQueue queue = new InjectQueue(2);

    @Operation
    public boolean offer(@Param(name = "v") int v) {
        return queue.offer(new StealableQueueLincheckTest.Item(v));
    }

    @Operation
    public Integer poll() {
        Runnable r = queue.poll();
        return r == null ? null : ((StealableQueueLincheckTest.Item) r).value;
    }

    @Test
    void modelChecking() {
        LinChecker.Companion.check(InjectQueueLincheckTest.class, new ModelCheckingOptions()
                .iterations(8).invocationsPerIteration(200).threads(2).actorsPerThread(3));
    }

    @Test
    void stress() {
        LinChecker.Companion.check(InjectQueueLincheckTest.class, new StressOptions()
                .iterations(8).invocationsPerIteration(500).threads(3).actorsPerThread(2));
    }
}
