package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Mutex;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.ThreadIdGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of {@link MutexImpl}: linearizable operations (a waiting lock shows through the others);
 * and under cancels racing with the hand-over, at most one holder at any time and the lock never lost.
 */
@Timeout(300) // generous: a Lincheck run takes seconds on a quiet machine, minutes on a loaded one
class MutexLincheckTest {

    @Test
    void operationsAreLinearizable() {
        LinChecker.check(Linearizable.class, LincheckRuns.modelChecking());
    }

    @Test
    void cancellingWhileBeingHandedTheLockNeitherLosesNorDoublesIt() {
        // the race itself: T1's waiting lock is handed the mutex by T2's unlock while T1 cancels
        LinChecker.check(Exclusion.class, LincheckRuns.race(LincheckRuns.scenario(
                Exclusion.class, new Object[][] {{"tryLock", 0}}, new Object[] {"lockThenCancel", 1},
                new Object[] {"unlockHeld", 0})));
    }

    @Test
    void randomScenariosWithCancelsKeepExclusion() {
        LinChecker.check(Exclusion.class, LincheckRuns.modelChecking());
    }

    /** Checked against itself run sequentially. */
    public static class Linearizable {
        private final Mutex mutex = new MutexImpl(LincheckRuns.INLINE);

        @Operation
        public boolean tryLock() {
            return mutex.tryLock();
        }

        @Operation
        public void lock() {
            mutex.lock();
        }

        @Operation
        public String unlock() {
            try {
                mutex.unlock();
                return "unlocked";
            } catch (IllegalStateException e) {
                return "not locked";
            }
        }

        @Operation
        public boolean isLocked() {
            return mutex.isLocked();
        }
    }

    /** Holders are counted when their task completes; each thread unlocks only what it holds. */
    @Param(name = "t", gen = ThreadIdGen.class)
    public static class Exclusion {
        /** Thread ids: 0 runs the operations before, 1 and 2 the parallel part, 3 those after. */
        private static final int THREADS = 4;
        private static final int SLOTS = 8;
        private final Mutex mutex = new MutexImpl(LincheckRuns.INLINE);
        private final int[] ops = new int[THREADS];
        private final Task<?>[][] tasks = new Task<?>[THREADS][SLOTS];
        private final boolean[][] tried = new boolean[THREADS][SLOTS];
        private final boolean[][] unlocked = new boolean[THREADS][SLOTS];
        private int holders;
        private boolean overlapped;

        private void entered() {
            synchronized (this) {
                if (++holders > 1) {
                    overlapped = true;
                }
            }
        }

        private void left() {
            synchronized (this) {
                holders--;
            }
        }

        @Operation
        public void lock(@Param(name = "t") int t) {
            tasks[t][ops[t]++] = mutex.lock().thenRun(this::entered);
        }

        @Operation
        public void lockThenCancel(@Param(name = "t") int t) {
            Task<Void> task = mutex.lock();
            Task<Void> counted = task.thenRun(this::entered);
            task.cancel();
            tasks[t][ops[t]++] = counted;
        }

        @Operation
        public void tryLock(@Param(name = "t") int t) {
            int k = ops[t]++;
            if (mutex.tryLock()) {
                entered();
                tried[t][k] = true;
            }
        }

        @Operation
        public void unlockHeld(@Param(name = "t") int t) {
            for (int k = 0; k < ops[t]; k++) {
                if (holds(t, k)) {
                    unlocked[t][k] = true;
                    left();
                    mutex.unlock();
                    return;
                }
            }
        }

        private boolean holds(int t, int k) {
            Task<?> task = tasks[t][k];
            return !unlocked[t][k] && (tried[t][k] || (task != null && task.status() == Task.Status.SUCCEEDED));
        }

        @Validate
        public void exclusive() {
            if (overlapped) {
                throw new AssertionError("two holders at once");
            }
            int held = 0;
            for (int t = 0; t < THREADS; t++) {
                for (int k = 0; k < SLOTS; k++) {
                    if (holds(t, k)) {
                        held++;
                    }
                }
            }
            if (held > 1 || mutex.isLocked() != (held == 1)) {
                throw new AssertionError(held + " holders but the mutex says locked=" + mutex.isLocked());
            }
        }
    }
}
