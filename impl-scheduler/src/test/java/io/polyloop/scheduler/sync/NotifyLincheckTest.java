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
 * Lincheck model checking of {@link NotifyImpl}: linearizable operations; and with waits cancelled while they are
 * notified, no wake-up is lost (never a stored permit while someone waits; a notifyOne wakes a waiter or stores the
 * permit, it is not swallowed by a cancel), none is invented, and a cancelled wait leaves the queue.
 */
@Timeout(300) // generous: a Lincheck run takes seconds on a quiet machine, minutes on a loaded one
class NotifyLincheckTest {

    @Test
    void operationsAreLinearizable() {
        LinChecker.check(Linearizable.class, LincheckRuns.lightModelChecking());
    }

    @Test
    void randomScenariosWithCancelsLoseNoWakeup() {
        LinChecker.check(Wakeups.class, LincheckRuns.modelChecking());
    }

    @Test
    void cancellingWhileBeingNotifiedLosesNoWakeup() {
        LinChecker.check(Wakeups.class, LincheckRuns.quickRace(LincheckRuns.scenario(Wakeups.class, new Object[0][],
                        new Object[] {"notifiedThenCancel", 1}, new Object[] {"notifyOne", 2}))
                .addCustomScenario(LincheckRuns.scenario(Wakeups.class, new Object[][] {{"notified", 0}},
                        new Object[] {"notifiedThenCancel", 1}, new Object[] {"notifyOne", 2})));
    }

    /** Checked against itself run sequentially. */
    public static class Linearizable {
        private final NotifyImpl notify = new NotifyImpl(LincheckRuns.INLINE);

        /** @return "permit" if a stored permit was taken at once, else "waits" */
        @Operation
        public String notified() {
            Task<Void> task = notify.notified();
            return task instanceof Waiter ? "waits" : "permit";
        }

        @Operation
        public void notifyOne() {
            notify.notifyOne();
        }

        @Operation
        public void notifyWaiters() {
            notify.notifyWaiters();
        }

        @Operation
        public int waiting() {
            return notify.waiting();
        }
    }

    @Param(name = "t", gen = ThreadIdGen.class)
    public static class Wakeups {
        /** Thread ids: 0 runs the operations before, 1 and 2 the parallel part, 3 those after. */
        private static final int THREADS = 4;
        private static final int SLOTS = 8;
        private final NotifyImpl notify = new NotifyImpl(LincheckRuns.INLINE);
        private final int[] ops = new int[THREADS];
        private final Task<?>[][] tasks = new Task<?>[THREADS][SLOTS];
        private final boolean[][] refusedCancel = new boolean[THREADS][SLOTS];
        private final int[] notifyOnes = new int[THREADS];
        private final int[] notifyAlls = new int[THREADS];

        @Operation
        public void notified(@Param(name = "t") int t) {
            tasks[t][ops[t]++] = notify.notified();
        }

        @Operation
        public void notifiedThenCancel(@Param(name = "t") int t) {
            int k = ops[t]++;
            Task<Void> task = notify.notified();
            tasks[t][k] = task;
            refusedCancel[t][k] = !task.cancel();
        }

        @Operation
        public void notifyOne(@Param(name = "t") int t) {
            notifyOnes[t]++;
            notify.notifyOne();
        }

        @Operation
        public void notifyWaiters(@Param(name = "t") int t) {
            notifyAlls[t]++;
            notify.notifyWaiters();
        }

        @Validate
        public void noWakeupLost() {
            int woken = 0;
            int pending = 0;
            int ones = 0;
            int alls = 0;
            for (int t = 0; t < THREADS; t++) {
                ones += notifyOnes[t];
                alls += notifyAlls[t];
                for (int k = 0; k < SLOTS; k++) {
                    Task<?> task = tasks[t][k];
                    if (task == null) {
                        continue;
                    }
                    if (task.status() == Task.Status.SUCCEEDED) {
                        woken++;
                    } else if (task.status() == Task.Status.PENDING) {
                        pending++;
                    }
                    if (refusedCancel[t][k] && task.status() != Task.Status.SUCCEEDED) {
                        throw new AssertionError("a cancel was refused but the wait is " + task.status());
                    }
                }
            }
            if (pending != notify.waiting()) {
                throw new AssertionError(pending + " waits pending but " + notify.waiting() + " queued");
            }
            Task<Void> probe = notify.notified(); // takes a stored permit at once, else waits
            int stored = probe.status() == Task.Status.SUCCEEDED ? 1 : 0;
            probe.cancel();
            if (stored == 1 && pending > 0) {
                throw new AssertionError("a permit is stored while " + pending + " wait: a wake-up was lost");
            }
            if (alls == 0 && woken + stored > ones) {
                throw new AssertionError(woken + " woken and " + stored + " stored from " + ones + " notifyOne");
            }
            // a second notifyOne may find the permit stored and add nothing, so exactness needs at most one
            if (alls == 0 && ones <= 1 && woken + stored != ones) {
                throw new AssertionError("notifyOne woke " + woken + " and stored " + stored + ": it was lost");
            }
        }
    }
}
