package io.polyloop.scheduler.steal;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

/**
 * Linearizability of {@link StealableQueue} with capacity 4 (so full and wrap-around states are reached): pushes
 * come from one thread (the owner, as the contract says), polls and half-steals from any thread. A thief steals
 * into a fresh queue of its own, as a loop steals into its own queue, and returns what it got, in order.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:9")
@Timeout(300) // generous: seconds on a quiet machine, minutes on a loaded one
public class StealableQueueLincheckTest {
    private final StealableQueue queue = new StealableQueue(4);

    @Operation(nonParallelGroup = "owner")
    public boolean push(@Param(name = "v") int v) {
        return queue.push(new Item(v));
    }

    @Operation
    public Integer poll() {
        Runnable r = queue.poll();
        return r == null ? null : ((Item) r).value;
    }

    @Operation
    public List<Integer> stealHalf() {
        StealableQueue mine = new StealableQueue(4);
        queue.stealHalfInto(mine);
        List<Integer> got = new ArrayList<>();
        Runnable r;
        while ((r = mine.poll()) != null) {
            got.add(((Item) r).value);
        }
        return got;
    }

    @Test
    void modelChecking() {
        LinChecker.Companion.check(StealableQueueLincheckTest.class, new ModelCheckingOptions()
                .iterations(8).invocationsPerIteration(200).threads(2).actorsPerThread(3));
    }

    @Test
    void stress() {
        LinChecker.Companion.check(StealableQueueLincheckTest.class, new StressOptions()
                .iterations(8).invocationsPerIteration(500).threads(3).actorsPerThread(2));
    }

    /** A task carrying a value, so results can be compared. */
    static final class Item implements Runnable {
        final int value;

        Item(int value) {
            this.value = value;
        }

        @Override
        public void run() {
        }
    }
}
