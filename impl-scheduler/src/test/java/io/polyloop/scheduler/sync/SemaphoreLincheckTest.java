package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Semaphore;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.ThreadIdGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of {@link SemaphoreImpl} with 2 permits and requests of 1 or 2, so partial grants, set-aside
 * permits and cancellations interleave: the operations are linearizable, and no permit is lost or invented when
 * cancels race with grants.
 */
@Timeout(300) // generous: a Lincheck run takes seconds on a quiet machine, minutes on a loaded one
class SemaphoreLincheckTest {
    static final int PERMITS = 2;

    @Test
    void operationsAreLinearizable() {
        LinChecker.check(Linearizable.class, LincheckRuns.modelChecking());
    }

    @Test
    void cancellingWhileBeingGrantedLosesNoPermit() {
        // the race itself: T1's waiting acquire is granted by T2's release while T1 cancels
        LinChecker.check(Conservation.class, LincheckRuns.race(LincheckRuns.scenario(
                Conservation.class, new Object[][] {{"tryAcquire", 0, 2}}, new Object[] {"acquireThenCancel", 1, 1},
                new Object[] {"releaseHeld", 0})));
    }

    static SemaphoreImpl semaphore() {
        return new SemaphoreImpl(PERMITS, Integer.MAX_VALUE, LincheckRuns.INLINE);
    }

    @Test
    void randomScenariosWithCancelsLoseNoPermit() {
        LinChecker.check(Conservation.class, LincheckRuns.modelChecking());
    }

    /** Checked against itself run sequentially; waiting acquires show through the other operations. */
    @Param(name = "n", gen = IntGen.class, conf = "1:2")
    public static class Linearizable {
        private final Semaphore sem = semaphore();

        @Operation
        public boolean tryAcquire(@Param(name = "n") int n) {
            return sem.tryAcquire(n);
        }

        @Operation
        public void acquire(@Param(name = "n") int n) {
            sem.acquire(n);
        }

        @Operation
        public void release(@Param(name = "n") int n) {
            sem.release(n);
        }

        @Operation
        public int availablePermits() {
            return sem.availablePermits();
        }
    }

    /** Each thread releases only what it holds; {@link #conserved()} cancels whoever still waits and counts. */
    @Param(name = "t", gen = ThreadIdGen.class)
    @Param(name = "n", gen = IntGen.class, conf = "1:2")
    public static class Conservation {
        /** Thread ids: 0 runs the operations before, 1 and 2 the parallel part, 3 those after. */
        private static final int THREADS = 4;
        private static final int SLOTS = 8;
        private final Semaphore sem = semaphore();
        private final int[] ops = new int[THREADS];
        private final int[][] asked = new int[THREADS][SLOTS];
        /** The acquire's task; null for a successful tryAcquire. */
        private final Task<?>[][] tasks = new Task<?>[THREADS][SLOTS];
        private final boolean[][] released = new boolean[THREADS][SLOTS];

        @Operation
        public void acquire(@Param(name = "t") int t, @Param(name = "n") int n) {
            int k = ops[t]++;
            asked[t][k] = n;
            tasks[t][k] = sem.acquire(n);
        }

        @Operation
        public void acquireThenCancel(@Param(name = "t") int t, @Param(name = "n") int n) {
            int k = ops[t]++;
            Task<Void> task = sem.acquire(n);
            task.cancel();
            asked[t][k] = n;
            tasks[t][k] = task;
        }

        @Operation
        public void tryAcquire(@Param(name = "t") int t, @Param(name = "n") int n) {
            int k = ops[t]++;
            if (sem.tryAcquire(n)) {
                asked[t][k] = n;
            }
        }

        /** Releases this thread's oldest held acquisition, if any. */
        @Operation
        public void releaseHeld(@Param(name = "t") int t) {
            for (int k = 0; k < ops[t]; k++) {
                if (holds(t, k)) {
                    released[t][k] = true;
                    sem.release(asked[t][k]);
                    return;
                }
            }
        }

        private boolean holds(int t, int k) {
            Task<?> task = tasks[t][k];
            return asked[t][k] > 0 && !released[t][k] && (task == null || task.status() == Task.Status.SUCCEEDED);
        }

        @Validate
        public void conserved() {
            int held = 0;
            for (int t = 0; t < THREADS; t++) {
                for (int k = 0; k < SLOTS; k++) {
                    Task<?> task = tasks[t][k];
                    if (task != null && task.status() == Task.Status.PENDING && !task.cancel()) {
                        throw new AssertionError("a waiting acquire could not be cancelled");
                    }
                    if (holds(t, k)) {
                        held += asked[t][k];
                    }
                }
            }
            if (held + sem.availablePermits() != PERMITS) {
                throw new AssertionError(held + " permits held and " + sem.availablePermits() + " available, of "
                        + PERMITS);
            }
        }
    }
}
