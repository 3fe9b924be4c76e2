package io.polyloop.iouring;

import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link IoDriver#wakeup()} from another thread while the loop reaps a CQ that overflowed: every wake-up must end the
 * wait that follows it. The loop's poll flushes the kernel's overflow backlog with more io_uring_enter calls after
 * the wait; each also runs deferred task work, which can complete the eventfd READ with the count of a wakeup() made
 * after the wait returned. Session 8 found a work-stealing echo server whose loop slept for 20 s and more that way
 * (the eventfd's PENDING bit stayed set with the count consumed, so every later wakeup() was skipped): see
 * docs/notes/2026-11-21-s7/accept-stall and the s8 stall note.
 *
 * <p>Each round: a datagram waits in each of {@link #SOCKETS} UDP sockets of the driver, and the loop submits a
 * RECV_FROM on each, which completes as io_uring_enter submits it: more CQEs at once than the smallest ring's CQ
 * holds, with and without DEFER_TASKRUN. A waker thread calls {@code wakeup()} after a random short delay, so that it
 * lands anywhere in the reap of that burst (or before, or after); once the loop has seen it, the loop waits with
 * nothing else to do, and the waker posts again and wakes it. A lost wake-up leaves that wait blocked: the waker
 * notices after {@link #LOST_AFTER_MS}, records it, and frees the loop with a datagram to a socket that always has a
 * RECV_FROM in the kernel.
 */
class WakeupRaceTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** More than the CQ of the smallest ring (16 SQEs, 64 CQEs): every burst overflows it. */
    private static final int SOCKETS = 96;
    private static final int ROUNDS = 3_000;
    /** The waker's delay after the burst starts, uniform up to this: about how long a reap of the burst takes. */
    private static final long MAX_DELAY_NANOS = 300_000;
    private static final long LOST_AFTER_MS = 2_000;

    @BeforeEach
    void available() {
        Assumptions.assumeTrue(MultishotProvider.REAL.probe().isAvailable(),
                () -> MultishotProvider.REAL.probe().toString());
    }

    @Test
    @Timeout(120)
    void aWakeupRacingTheReapOfAnOverflowingCqEndsTheNextWait() throws Exception {
        run(new DriverOptions("wake-race", DriverOptions.MIN_RING_SIZE, 1));
    }

    /** Without DEFER_TASKRUN the kernel posts completions outside io_uring_enter too (any syscall of the loop). */
    @Test
    @Timeout(120)
    void theSameWithoutDeferredTaskRun() throws Exception {
        run(new DriverOptions("wake-race-coop", DriverOptions.MIN_RING_SIZE, 1,
                Map.of(IoUringBackendProvider.DEFER_TASKRUN, false)));
    }

    private void run(DriverOptions options) throws Exception {
        AtomicLong burst = new AtomicLong();   // round whose burst the loop is reaping
        AtomicLong raced = new AtomicLong();   // round whose racing wake-up the waker has made
        AtomicLong acked = new AtomicLong();   // round whose racing wake-up the loop has seen
        AtomicLong posted = new AtomicLong();  // round the waker has posted, then woken the loop for
        AtomicLong seen = new AtomicLong();    // round whose post the loop has seen after a poll
        AtomicReference<int[]> ports = new AtomicReference<>();
        AtomicReference<Throwable> loopFailure = new AtomicReference<>();
        Loop loop = new Loop(options, burst, raced, acked, posted, seen, ports, loopFailure);
        loop.start();
        long lost = 0;
        long firstLost = -1;
        DatagramChannel rescue = DatagramChannel.open();
        try {
            while (ports.get() == null && loopFailure.get() == null && loop.isAlive()) {
                Thread.onSpinWait();
            }
            assertNull(loopFailure.get(), "the loop could not start");
            InetSocketAddress first = new InetSocketAddress(LOOPBACK, loop.bellPort);
            for (long round = 1; round <= ROUNDS && loop.isAlive() && lost == 0; round++) {
                while (burst.get() < round && loop.isAlive()) {
                    Thread.onSpinWait();
                }
                spin(ThreadLocalRandom.current().nextLong(MAX_DELAY_NANOS));
                // the racing wake-up: anywhere in the loop's reap of the burst (or before, or after)
                raced.set(round);
                loop.driver.wakeup();
                if (!await(acked, round, loop)) {
                    lost++;
                    firstLost = round;
                    rescue.send(ByteBuffer.wrap(new byte[] {1}), first); // the bell's completion ends the wait
                    break;
                }
                // the loop waits for the next post now (or is about to): it must be woken by this one
                spin(ThreadLocalRandom.current().nextLong(MAX_DELAY_NANOS / 10));
                posted.set(round);
                loop.driver.wakeup();
                if (!await(seen, round, loop)) {
                    lost++;
                    firstLost = round;
                    rescue.send(ByteBuffer.wrap(new byte[] {1}), first);
                }
            }
        } finally {
            loop.stopping = true;
            if (loop.driver != null) {
                loop.driver.wakeup();
            }
            if (ports.get() != null) {
                rescue.send(ByteBuffer.wrap(new byte[] {1}), new InetSocketAddress(LOOPBACK, loop.bellPort)); // if lost
            }
            rescue.close();
            loop.join(10_000);
        }
        assertNull(loopFailure.get(), () -> "the loop failed: " + loopFailure.get());
        assertEquals(0, lost, "round " + firstLost + " of " + ROUNDS + ": the loop stayed in poll for "
                + LOST_AFTER_MS + " ms after a wakeup() made while it reaped an overflowing CQ (the wake-up was lost)");
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    /** @return false if {@code counter} did not reach {@code round} within {@link #LOST_AFTER_MS} */
    private static boolean await(AtomicLong counter, long round, Thread loop) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOST_AFTER_MS);
        while (counter.get() < round && loop.isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** The loop thread: owns the driver and its sockets. */
    private static final class Loop extends Thread {
        private final DriverOptions options;
        private final AtomicLong burst;
        private final AtomicLong raced;
        private final AtomicLong acked;
        private final AtomicLong posted;
        private final AtomicLong seen;
        private final AtomicReference<int[]> ports;
        private final AtomicReference<Throwable> failure;
        volatile IoDriver driver;
        volatile int bellPort;
        volatile boolean stopping;

        Loop(DriverOptions options, AtomicLong burst, AtomicLong raced, AtomicLong acked, AtomicLong posted,
             AtomicLong seen,
             AtomicReference<int[]> ports, AtomicReference<Throwable> failure) {
            super("wake-race-loop");
            setDaemon(true);
            this.options = options;
            this.burst = burst;
            this.raced = raced;
            this.acked = acked;
            this.posted = posted;
            this.seen = seen;
            this.ports = ports;
            this.failure = failure;
        }

        @Override
        public void run() {
            IoDriver d = null;
            try (DatagramChannel sender = DatagramChannel.open()) {
                d = MultishotProvider.REAL.open(options);
                driver = d;
                IoDriver drv = d;
                int[] p = new int[SOCKETS];
                IoHandle[] socks = new IoHandle[SOCKETS];
                InetSocketAddress[] targets = new InetSocketAddress[SOCKETS];
                for (int i = 0; i < SOCKETS; i++) {
                    socks[i] = d.openUdp(new InetSocketAddress(LOOPBACK, 0));
                    p[i] = d.localAddress(socks[i]).getPort();
                    targets[i] = new InetSocketAddress(LOOPBACK, p[i]);
                }
                ByteBuffer[] into = new ByteBuffer[SOCKETS];
                for (int i = 0; i < SOCKETS; i++) {
                    into[i] = ByteBuffer.allocateDirect(16);
                }
                // the bell: a socket with a RECV_FROM always in the kernel, which the waker rings to end a lost wait
                IoHandle bell = d.openUdp(new InetSocketAddress(LOOPBACK, 0));
                ByteBuffer rung = ByteBuffer.allocateDirect(16);
                io.polyloop.spi.CompletionSink sink = r -> {
                    if (r.result() < 0 && !stopping) {
                        failure.compareAndSet(null, new IllegalStateException("RECV_FROM failed: " + r.result()));
                    } else if (r.handle() == bell && !stopping) {
                        drv.submit(new IoRequest().recvFrom(bell, rung.clear()));
                    }
                };
                d.submit(new IoRequest().recvFrom(bell, rung));
                d.poll(sink, 0);
                bellPort = d.localAddress(bell).getPort();
                ports.set(p);
                ByteBuffer one = ByteBuffer.allocateDirect(1);
                for (long round = 1; round <= ROUNDS && !stopping; round++) {
                    // a datagram waits in every socket, so each RECV_FROM completes as io_uring_enter submits it:
                    // more CQEs at once than the CQ holds, also when the kernel defers its task work
                    for (InetSocketAddress t : targets) {
                        sender.send(one.clear(), t);
                    }
                    for (int i = 0; i < SOCKETS; i++) {
                        d.submit(new IoRequest().recvFrom(socks[i], into[i].clear()));
                    }
                    burst.set(round);
                    while (raced.get() < round && !stopping) {
                        d.poll(sink, -1); // the burst, and the wake-up that races its reap
                    }
                    acked.set(round);
                    while (posted.get() < round && !stopping) {
                        d.poll(sink, -1); // nothing else to do: only the next wake-up ends this wait
                    }
                    seen.set(round);
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                if (d != null) {
                    d.close(r -> { });
                }
            }
        }
    }
}
