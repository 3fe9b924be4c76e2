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
 * Lincheck model checking of {@link RwLockImpl}: linearizable operations (waiting acquires show through the others);
 * and with waiting acquires cancelled while the lock is handed over, readers and a writer never overlap, the lock's
 * own state matches its holders, nobody waits for a free lock, and a cancelled waiter leaves the queue.
 */
@Timeout(300) // generous: a Lincheck run takes seconds on a quiet machine, minutes on a loaded one
class RwLockLincheckTest {

    @Test
    void operationsAreLinearizable() {
        LinChecker.check(Linearizable.class, LincheckRuns.lightModelChecking());
    }

    @Test
    void randomScenariosWithCancelsKeepExclusionAndLoseNoGrant() {
        LinChecker.check(Exclusion.class, LincheckRuns.modelChecking());
    }

    @Test
    void cancellingWhileBeingGrantedNeitherLosesNorLeaksTheLock() {
        // a waiting writer is granted by the reader's unlock while it cancels; a reader queued behind a writer that
        // withdraws must be let in by the withdrawal
        LinChecker.check(Exclusion.class, LincheckRuns.quickRace(LincheckRuns.scenario(Exclusion.class,
                        new Object[][] {{"tryRead", 0}}, new Object[] {"writeThenCancel", 1},
                        new Object[] {"unlockHeld", 0}))
                .addCustomScenario(LincheckRuns.scenario(Exclusion.class,
                        new Object[][] {{"tryRead", 0}, {"write", 0}, {"read", 0}},
                        new Object[] {"writeThenCancel", 1}, new Object[] {"unlockHeld", 0})));
    }

    /** Checked against itself run sequentially. */
    public static class Linearizable {
        private final RwLockImpl rw = new RwLockImpl(LincheckRuns.INLINE);

        @Operation
        public boolean tryRead() {
            return rw.tryRead();
        }

        @Operation
        public boolean tryWrite() {
            return rw.tryWrite();
        }

        @Operation
        public void read() {
            rw.read();
        }

        @Operation
        public void write() {
            rw.write();
        }

        @Operation
        public String unlockRead() {
            try {
                rw.unlockRead();
                return "unlocked";
            } catch (IllegalStateException e) {
                return "not read locked";
            }
        }

        @Operation
        public String unlockWrite() {
            try {
                rw.unlockWrite();
                return "unlocked";
            } catch (IllegalStateException e) {
                return "not write locked";
            }
        }

        /** Readers, writer and waiters in one snapshot (toString takes the lock once). */
        @Operation
        public String state() {
            return rw.toString();
        }
    }

    /**
     * Holders are counted when their task completes (a continuation on the serving thread, after the lock is
     * released); each thread releases only what it holds. Plain arrays: no JDK collection in the operations.
     */
    @Param(name = "t", gen = ThreadIdGen.class)
    public static class Exclusion {
        /** Thread ids: 0 runs the operations before, 1 and 2 the parallel part, 3 those after. */
        private static final int THREADS = 4;
        private static final int SLOTS = 8;
        private final RwLockImpl rw = new RwLockImpl(LincheckRuns.INLINE);
        private final int[] ops = new int[THREADS];
        /** The counted task of a waiting acquire; null for a try. */
        private final Task<?>[][] tasks = new Task<?>[THREADS][SLOTS];
        /** The acquire's own task (what a cancel targets). */
        private final Task<?>[][] raw = new Task<?>[THREADS][SLOTS];
        private final boolean[][] writes = new boolean[THREADS][SLOTS];
        private final boolean[][] tried = new boolean[THREADS][SLOTS];
        private final boolean[][] released = new boolean[THREADS][SLOTS];
        private int readersIn;
        private int writersIn;
        private String broken;

        private void entered(boolean write) {
            synchronized (this) {
                if (write ? readersIn > 0 || writersIn > 0 : writersIn > 0) {
                    broken = (write ? "a writer" : "a reader") + " entered with " + readersIn + " readers and "
                            + writersIn + " writers inside";
                }
                if (write) {
                    writersIn++;
                } else {
                    readersIn++;
                }
            }
        }

        private void left(boolean write) {
            synchronized (this) {
                if (write) {
                    writersIn--;
                } else {
                    readersIn--;
                }
            }
        }

        private void waitFor(int t, boolean write, boolean cancel) {
            int k = ops[t]++;
            Task<Void> task = write ? rw.write() : rw.read();
            Task<Void> counted = task.thenRun(() -> entered(write));
            writes[t][k] = write;
            raw[t][k] = task;
            tasks[t][k] = counted;
            if (cancel) {
                task.cancel();
            }
        }

        @Operation
        public void read(@Param(name = "t") int t) {
            waitFor(t, false, false);
        }

        @Operation
        public void write(@Param(name = "t") int t) {
            waitFor(t, true, false);
        }

        @Operation
        public void readThenCancel(@Param(name = "t") int t) {
            waitFor(t, false, true);
        }

        @Operation
        public void writeThenCancel(@Param(name = "t") int t) {
            waitFor(t, true, true);
        }

        @Operation
        public void tryRead(@Param(name = "t") int t) {
            int k = ops[t]++;
            if (rw.tryRead()) {
                entered(false);
                tried[t][k] = true;
            }
        }

        @Operation
        public void tryWrite(@Param(name = "t") int t) {
            int k = ops[t]++;
            if (rw.tryWrite()) {
                entered(true);
                tried[t][k] = true;
                writes[t][k] = true;
            }
        }

        /** Releases this thread's oldest hold, if any. */
        @Operation
        public void unlockHeld(@Param(name = "t") int t) {
            for (int k = 0; k < ops[t]; k++) {
                if (holds(t, k)) {
                    released[t][k] = true;
                    left(writes[t][k]);
                    if (writes[t][k]) {
                        rw.unlockWrite();
                    } else {
                        rw.unlockRead();
                    }
                    return;
                }
            }
        }

        private boolean holds(int t, int k) {
            Task<?> task = tasks[t][k];
            return !released[t][k] && (tried[t][k] || (task != null && task.status() == Task.Status.SUCCEEDED));
        }

        @Validate
        public void consistent() {
            if (broken != null) {
                throw new AssertionError(broken);
            }
            int readers = 0;
            int writers = 0;
            int pending = 0;
            for (int t = 0; t < THREADS; t++) {
                for (int k = 0; k < SLOTS; k++) {
                    if (holds(t, k)) {
                        if (writes[t][k]) {
                            writers++;
                        } else {
                            readers++;
                        }
                    }
                    Task<?> task = raw[t][k];
                    if (task != null && task.status() == Task.Status.PENDING) {
                        pending++;
                    }
                }
            }
            if (rw.readers() != readers || rw.isWriteLocked() != (writers == 1) || writers > 1) {
                throw new AssertionError(readers + " readers and " + writers + " writers hold, but the lock says "
                        + rw);
            }
            if (pending != rw.waiting()) {
                throw new AssertionError(pending + " acquires pending but " + rw.waiting() + " waiters queued");
            }
            if (pending > 0 && readers == 0 && writers == 0) {
                throw new AssertionError(pending + " acquires wait for a free lock: a grant was lost");
            }
            // cancelling every waiter leaves nobody queued
            for (Task<?>[] row : raw) {
                for (Task<?> task : row) {
                    if (task != null && task.status() == Task.Status.PENDING && !task.cancel()) {
                        throw new AssertionError("a waiting acquire could not be cancelled");
                    }
                }
            }
            if (rw.waiting() != 0) {
                throw new AssertionError(rw.waiting() + " waiters left after every pending acquire was cancelled");
            }
        }
    }
}
