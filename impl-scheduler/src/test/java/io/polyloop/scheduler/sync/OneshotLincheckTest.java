package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.ClosedException;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.paramgen.ThreadIdGen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Lincheck model checking of {@link OneshotImpl}: linearizable operations; and with the receive cancelled while the
 * value is sent, the outcome is decisive: an accepted send reaches a receiver that was not withdrawn, a withdrawn
 * receiver makes later sends fail, a close fails the receiver, and at most one send is accepted.
 */
@Timeout(300) // generous: a Lincheck run takes seconds on a quiet machine, minutes on a loaded one
class OneshotLincheckTest {

    @Test
    void operationsAreLinearizable() {
        LinChecker.check(Linearizable.class, LincheckRuns.lightModelChecking());
    }

    @Test
    void randomScenariosWithCancelsAreDecisive() {
        LinChecker.check(Outcome.class, LincheckRuns.modelChecking());
    }

    @Test
    void cancellingTheReceiveWhileTheValueIsSentLosesNothing() {
        LinChecker.check(Outcome.class, LincheckRuns.quickRace(LincheckRuns.scenario(Outcome.class, new Object[0][],
                        new Object[] {"receiveThenCancel"}, new Object[] {"send", 2}))
                .addCustomScenario(LincheckRuns.scenario(Outcome.class, new Object[0][],
                        new Object[] {"receiveThenCancel"}, new Object[] {"close"})));
    }

    /** Checked against itself run sequentially. */
    @Param(name = "v", gen = IntGen.class, conf = "1:2")
    public static class Linearizable {
        private final OneshotImpl<Integer> oneshot = new OneshotImpl<>(LincheckRuns.INLINE);

        @Operation
        public boolean send(@Param(name = "v") int v) {
            return oneshot.send(v);
        }

        /** @return the value at once, "waits", "closed", or "twice" for a second receive */
        @Operation
        public Object receive() {
            try {
                Task<Integer> task = oneshot.receive();
                if (task instanceof Waiter) {
                    return "waits";
                }
                return task.status() == Task.Status.SUCCEEDED ? task.resultNow() : "closed";
            } catch (IllegalStateException e) {
                return "twice";
            }
        }

        @Operation
        public boolean close() {
            return oneshot.close();
        }

        @Operation
        public boolean isComplete() {
            return oneshot.isComplete();
        }
    }

    @Param(name = "v", gen = IntGen.class, conf = "1:2")
    public static class Outcome {
        private final OneshotImpl<Integer> oneshot = new OneshotImpl<>(LincheckRuns.INLINE);
        /** Guarded by this: operations of both threads record here. */
        private Task<Integer> receive;
        private boolean receiveCancelRefused;
        private int sendsAccepted;
        private int acceptedValue;
        private boolean closedFirst;

        @Operation
        public void send(@Param(name = "v") int v) {
            boolean accepted = oneshot.send(v);
            synchronized (this) {
                if (accepted) {
                    sendsAccepted++;
                    acceptedValue = v;
                }
            }
        }

        @Operation
        public void receive() {
            try {
                Task<Integer> task = oneshot.receive();
                synchronized (this) {
                    receive = task;
                }
            } catch (IllegalStateException twice) {
                // one receiver only: the first call's task is the one checked
            }
        }

        @Operation
        public void receiveThenCancel() {
            try {
                Task<Integer> task = oneshot.receive();
                boolean refused = !task.cancel();
                synchronized (this) {
                    receive = task;
                    receiveCancelRefused = refused;
                }
            } catch (IllegalStateException twice) {
                // as in receive()
            }
        }

        @Operation
        public void close() {
            boolean closed = oneshot.close();
            synchronized (this) {
                if (closed) {
                    closedFirst = true;
                }
            }
        }

        @Validate
        public synchronized void decisive() {
            if (sendsAccepted > 1 || (sendsAccepted == 1 && closedFirst)) {
                throw new AssertionError(sendsAccepted + " sends accepted, closed=" + closedFirst);
            }
            if (oneshot.isComplete() != (sendsAccepted == 1 || closedFirst)) {
                throw new AssertionError("isComplete() says " + oneshot.isComplete());
            }
            if (receive == null) {
                return;
            }
            Task.Status s = receive.status();
            if (receiveCancelRefused && s != Task.Status.SUCCEEDED && s != Task.Status.FAILED) {
                throw new AssertionError("the receive's cancel was refused but it is " + s);
            }
            if (sendsAccepted == 1 && !(s == Task.Status.SUCCEEDED && receive.resultNow() == acceptedValue)) {
                throw new AssertionError("the value " + acceptedValue + " was accepted but the receive is " + s);
            }
            if (s == Task.Status.CANCELLED && (sendsAccepted != 0 || oneshot.send(9))) {
                throw new AssertionError("the receive was withdrawn but a send was accepted");
            }
            if (closedFirst && !(s == Task.Status.CANCELLED || (s == Task.Status.FAILED
                    && receive.exceptionNow() instanceof ClosedException))) {
                throw new AssertionError("closed without a value but the receive is " + s);
            }
            if (s == Task.Status.PENDING && (sendsAccepted != 0 || closedFirst || oneshot.waiting() != 1)) {
                throw new AssertionError("the receive waits on a complete oneshot");
            }
            if (s != Task.Status.PENDING && oneshot.waiting() != 0) {
                throw new AssertionError("a receiver left queued: " + oneshot);
            }
        }
    }
}
