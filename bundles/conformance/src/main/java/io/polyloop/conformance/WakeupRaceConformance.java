package io.polyloop.conformance;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link IoDriver#wakeup()} from another thread while the loop handles a burst of completions: every wake-up must
 * end the wait that follows it. Drivers coalesce wake-ups (one eventfd write until the loop has seen it): a wake-up
 * whose write the loop takes in the middle of a poll, after it has allowed the next write, and without noticing
 * that it took it, leaves the coalescing flag set with nothing left to end the next wait, and every later wake-up
 * skips its write. Session 8 found a work-stealing echo server whose io_uring loop slept 20 s and more that way,
 * with posts in its inbox: the eventfd READ completed in one of reap's CQ-overflow flushes (s8 stall note); epoll
 * lost one the same way when a write landed between the wait's return and the eventfd's drain.
 *
 * <p>Each round, the loop makes a burst: a datagram to each of {@link #SOCKETS} sockets with a RECV_FROM waiting
 * (readiness events ahead of the wake-up's, on epoll), a datagram to each of {@link #SOCKETS} more and then a
 * RECV_FROM on each (they complete as io_uring_enter submits them: more CQEs at once than the smallest ring's CQ
 * holds, also with DEFER_TASKRUN), and on even rounds a wake-up of its own; then it polls. A waker thread calls {@code wakeup()}
 * after a random short delay, so that it lands anywhere in the handling of that burst; once the loop has seen it,
 * the loop waits with nothing else to do, and the waker posts again and wakes it. A lost wake-up leaves that wait
 * blocked: the waker notices after {@link #LOST_AFTER_MS}, records it, and frees the loop with a datagram to a socket
 * that always has a RECV_FROM waiting. A backend module's test extends it and names its provider.
 */
public abstract class WakeupRaceConformance {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Sockets per kind of burst: more CQEs than the CQ of the smallest io_uring ring (64) holds. */
    private static final int SOCKETS = 96;
    private static final int ROUNDS = 3_000;
    /** The waker's delay after the burst starts, uniform up to this: about how long handling the burst takes. */
    private static final long MAX_DELAY_NANOS = 300_000;
    /** Far longer than a woken loop takes even on a loaded CI machine: a lost wake-up never ends by itself. */
    private static final long LOST_AFTER_MS = 5_000;

    /** @return the backend under test */
    protected abstract IoBackendProvider provider();

    /** @return the driver options: the smallest ring, so that a burst overruns it */
    protected DriverOptions options() {
        return new DriverOptions("wake-race", DriverOptions.MIN_RING_SIZE, 1);
    }

    @BeforeEach
    void available() {
        Assumptions.assumeTrue(provider().probe().isAvailable(), () -> provider().probe().toString());
    }

    @Test
    @Timeout(120)
    void aWakeupRacingABurstOfCompletionsEndsTheNextWait() throws Exception {
        Rounds r = new Rounds();
        Loop loop = new Loop(provider(), options(), r);
        loop.start();
        long lost = 0;
        DatagramChannel rescue = DatagramChannel.open();
        try {
            while (loop.bell == null && r.failure.get() == null && loop.isAlive()) {
                Thread.onSpinWait();
            }
            assertNull(r.failure.get(), "the loop could not start");
            for (long round = 1; round <= ROUNDS && loop.isAlive(); round++) {
                while (r.burst.get() < round && loop.isAlive()) {
                    Thread.onSpinWait();
                }
                spin(ThreadLocalRandom.current().nextLong(MAX_DELAY_NANOS));
                r.raced.set(round); // a post, and its wake-up: anywhere in the handling of the burst
                loop.driver.wakeup();
                boolean seen = await(r.acked, round, loop);
                if (seen) {
                    // the loop waits for the next post now (or is about to): only this wake-up ends that wait
                    spin(ThreadLocalRandom.current().nextLong(MAX_DELAY_NANOS / 10));
                    r.posted.set(round);
                    loop.driver.wakeup();
                    seen = await(r.seen, round, loop);
                }
                if (!seen) {
                    lost = round;
                    rescue.send(ByteBuffer.wrap(new byte[] {1}), loop.bell); // its completion ends the wait
                    break; // one is enough; more would only take LOST_AFTER_MS each
                }
            }
        } finally {
            loop.stopping = true;
            if (loop.driver != null) {
                loop.driver.wakeup();
            }
            if (loop.bell != null) {
                rescue.send(ByteBuffer.wrap(new byte[] {1}), loop.bell); // in case that wake-up is lost too
            }
            rescue.close();
            loop.join(10_000);
        }
        assertNull(r.failure.get(), () -> "the loop failed: " + r.failure.get());
        assertEquals(0, lost, "round " + lost + " of " + ROUNDS + ": the loop stayed in poll for " + LOST_AFTER_MS
                + " ms after a wakeup() (lost: the one that raced the burst had left nothing to end the wait)");
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

    /** Where the loop and the waker are: round numbers, each only ever raised. */
    private static final class Rounds {
        final AtomicLong burst = new AtomicLong();  // the loop has made this round's burst
        final AtomicLong raced = new AtomicLong();  // the waker's post that races the burst
        final AtomicLong acked = new AtomicLong();  // the loop has seen that post
        final AtomicLong posted = new AtomicLong(); // the waker's post while the loop waits
        final AtomicLong seen = new AtomicLong();   // the loop has seen that one too
        final AtomicReference<Throwable> failure = new AtomicReference<>();
    }

    /** The loop thread: owns the driver and its sockets. */
    private static final class Loop extends Thread {
        private final IoBackendProvider provider;
        private final DriverOptions options;
        private final Rounds r;
        volatile IoDriver driver;
        /** A socket that always has a RECV_FROM waiting: a datagram to it ends a wait. */
        volatile InetSocketAddress bell;
        volatile boolean stopping;

        Loop(IoBackendProvider provider, DriverOptions options, Rounds r) {
            super("wake-race-loop");
            setDaemon(true);
            this.provider = provider;
            this.options = options;
            this.r = r;
        }

        @Override
        public void run() {
            IoDriver d = null;
            try (DatagramChannel sender = DatagramChannel.open()) {
                d = provider.open(options);
                driver = d;
                IoDriver drv = d;
                IoHandle[] waiting = udps(d); // a RECV_FROM waits on each: their datagrams come as events
                IoHandle[] ready = udps(d);   // their datagrams are there before the RECV_FROM: inline completions
                IoHandle bellSocket = d.openUdp(new InetSocketAddress(LOOPBACK, 0));
                // a waiting socket's and the bell's RECV_FROM carry their buffer as attachment: they wait again
                CompletionSink sink = c -> {
                    if (stopping) {
                        return;
                    }
                    if (c.result() < 0) {
                        r.failure.compareAndSet(null, new IllegalStateException("RECV_FROM failed: " + c.result()));
                    } else if (c.attachment() != null) {
                        ByteBuffer b = ((ByteBuffer) c.attachment()).clear();
                        drv.submit(new IoRequest().recvFrom(c.handle(), b).attachment(b));
                    }
                };
                for (IoHandle h : waiting) {
                    ByteBuffer b = ByteBuffer.allocateDirect(16);
                    d.submit(new IoRequest().recvFrom(h, b).attachment(b));
                }
                ByteBuffer rung = ByteBuffer.allocateDirect(16);
                d.submit(new IoRequest().recvFrom(bellSocket, rung).attachment(rung));
                ByteBuffer[] into = new ByteBuffer[SOCKETS];
                for (int i = 0; i < SOCKETS; i++) {
                    into[i] = ByteBuffer.allocateDirect(16);
                }
                d.poll(sink, 0); // the waiting RECV_FROMs reach the kernel before the first datagram
                InetSocketAddress[] toWaiting = addresses(d, waiting);
                InetSocketAddress[] toReady = addresses(d, ready);
                bell = d.localAddress(bellSocket);
                ByteBuffer one = ByteBuffer.allocateDirect(1);
                for (long round = 1; round <= ROUNDS && !stopping; round++) {
                    for (InetSocketAddress t : toWaiting) {
                        sender.send(one.clear(), t);
                    }
                    for (int i = 0; i < ready.length; i++) {
                        sender.send(one.clear(), toReady[i]);
                        d.submit(new IoRequest().recvFrom(ready[i], into[i].clear()));
                    }
                    if (round % 2 == 0) {
                        // epoll reports this wake-up's event after the burst's, so the racing one has the whole
                        // batch to land in; io_uring's wake-up READ would be spent by it, so odd rounds leave it be
                        d.wakeup();
                    }
                    r.burst.set(round);
                    while (r.raced.get() < round && !stopping) {
                        d.poll(sink, -1); // the burst, and the post that races it
                    }
                    r.acked.set(round);
                    while (r.posted.get() < round && !stopping) {
                        d.poll(sink, -1); // nothing else to do: only the next wake-up ends this wait
                    }
                    r.seen.set(round);
                }
            } catch (Throwable t) {
                r.failure.compareAndSet(null, t);
            } finally {
                if (d != null) {
                    d.close(c -> { });
                }
            }
        }

        private static IoHandle[] udps(IoDriver d) throws IOException {
            IoHandle[] h = new IoHandle[SOCKETS];
            for (int i = 0; i < SOCKETS; i++) {
                h[i] = d.openUdp(new InetSocketAddress(LOOPBACK, 0));
            }
            return h;
        }

        private static InetSocketAddress[] addresses(IoDriver d, IoHandle[] h) throws IOException {
            InetSocketAddress[] a = new InetSocketAddress[h.length];
            for (int i = 0; i < h.length; i++) {
                a[i] = d.localAddress(h[i]);
            }
            return a;
        }
    }
}
