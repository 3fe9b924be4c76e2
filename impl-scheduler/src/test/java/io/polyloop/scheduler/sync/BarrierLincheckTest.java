package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.ThreadIdGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of {@link BarrierImpl} with 3 parties: linearizable arrivals (whether an await leads is
 * decided at once); and with awaits cancelled while a generation is released, every generation has one leader and
 * exactly {@code parties - 1} released followers, a cancelled await is taken back (it neither counts nor stays
 * queued), and a refused cancel means the await was released.
 */
@Timeout(300) // generous: a Lincheck run takes seconds on a quiet machine, minutes on a loaded one
class BarrierLincheckTest {
    static final int PARTIES = 3;

    @Test
    void arrivalsAreLinearizable() {
        LinChecker.check(Linearizable.class, LincheckRuns.lightModelChecking());
    }

    @Test
    void randomScenariosWithCancelsKeepGenerationsWhole() {
        LinChecker.check(Generations.class, LincheckRuns.modelChecking());
    }

    @Test
    void cancellingWhileTheGenerationIsReleasedIsDecisive() {
        // one follower waits; T1 arrives and cancels while T2's arrival completes the generation (T2 leads if T1's
        // arrival still counts, else T2 waits)
        LinChecker.check(Generations.class, LincheckRuns.quickRace(LincheckRuns.scenario(Generations.class,
                new Object[][] {{"await", 0}}, new Object[] {"awaitThenCancel", 1}, new Object[] {"await", 2})));
    }

    /** Checked against itself run sequentially. */
    public static class Linearizable {
        private final BarrierImpl barrier = new BarrierImpl(PARTIES, LincheckRuns.INLINE);

        /** @return "leader" if this arrival completed a generation, else "waits" */
        @Operation
        public String await() {
            Task<Boolean> task = barrier.await(); // a follower may be released already: only the leader has true
            return task.status() == Task.Status.SUCCEEDED && task.resultNow() ? "leader" : "waits";
        }

        @Operation
        public int waiting() {
            return barrier.waiting();
        }
    }

    /** Each await's task, and whether it led (completed at once with true). */
    @Param(name = "t", gen = ThreadIdGen.class)
    public static class Generations {
        /** Thread ids: 0 runs the operations before, 1 and 2 the parallel part, 3 those after. */
        private static final int THREADS = 4;
        private static final int SLOTS = 8;
        private final BarrierImpl barrier = new BarrierImpl(PARTIES, LincheckRuns.INLINE);
        private final int[] ops = new int[THREADS];
        private final Task<?>[][] tasks = new Task<?>[THREADS][SLOTS];
        private final boolean[][] refusedCancel = new boolean[THREADS][SLOTS];

        @Operation
        public void await(@Param(name = "t") int t) {
            tasks[t][ops[t]++] = barrier.await();
        }

        @Operation
        public void awaitThenCancel(@Param(name = "t") int t) {
            int k = ops[t]++;
            Task<Boolean> task = barrier.await();
            tasks[t][k] = task;
            refusedCancel[t][k] = !task.cancel();
        }

        @Validate
        public void generationsWhole() {
            int leaders = 0;
            int followers = 0;
            int pending = 0;
            for (int t = 0; t < THREADS; t++) {
                for (int k = 0; k < SLOTS; k++) {
                    Task<?> task = tasks[t][k];
                    if (task == null) {
                        continue;
                    }
                    switch (task.status()) {
                        case SUCCEEDED:
                            if (Boolean.TRUE.equals(task.resultNow())) {
                                leaders++;
                            } else {
                                followers++;
                            }
                            break;
                        case PENDING:
                            pending++;
                            break;
                        case CANCELLED:
                            break;
                        default:
                            throw new AssertionError("an await failed: " + task.exceptionNow());
                    }
                    if (refusedCancel[t][k] && task.status() != Task.Status.SUCCEEDED) {
                        throw new AssertionError("a cancel was refused but the await is " + task.status());
                    }
                }
            }
            if (followers != leaders * (PARTIES - 1)) {
                throw new AssertionError(leaders + " generations released " + followers + " followers");
            }
            if (pending != barrier.waiting() || pending >= PARTIES) {
                throw new AssertionError(pending + " awaits pending, the barrier counts " + barrier.waiting());
            }
        }
    }
}
