package io.polyloop.conformance;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.Errno;
import io.polyloop.spi.FileFlags;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance suite of the backend SPI. A backend module's test extends it and names its provider; every test
 * drives an {@link IoDriver} through the SPI only, on a {@link LoopHarness}, over 127.0.0.1. Every test also checks
 * exactly-once completion (the harness fails it on a double, stray or missing completion). Hot swap is covered by
 * {@link HotSwapConformance}, which this class extends.
 */
public abstract class DriverConformanceSuite extends HotSwapConformance {

    @Test
    @Timeout(20)
    void echoRoundTrip() {
        IoHandle listener = listen();
        IoHandle[] p = connect(listener);
        loop.execute(() -> new EchoSession(loop, p[1]).start());
        assertEquals(5, sendAll(p[0], text("hello")));
        assertEquals("hello", recvExactly(p[0], 5));
        assertEquals(0, close(p[0]));
        assertEquals(0, close(listener));
    }

    @Test
    @Timeout(20)
    void manyConcurrentConnectionsEcho() {
        int connections = 200;
        int size = 4 * 1024;
        IoHandle listener = listen();
        InetSocketAddress target = localAddress(listener);
        loop.execute(() -> acceptForever(listener, new IoRequest()));
        AtomicInteger left = new AtomicInteger(connections);
        CompletableFuture<Void> all = new CompletableFuture<>();
        for (int i = 0; i < connections; i++) {
            long seed = i;
            loop.execute(() -> {
                IoHandle c;
                try {
                    c = loop.driver().openTcp(false);
                } catch (Exception e) {
                    all.completeExceptionally(e);
                    return;
                }
                loop.submit(new IoRequest().connect(c, target), r -> {
                    if (r.result() != 0) {
                        all.completeExceptionally(new AssertionError("connect " + seed + ": " + r.result()));
                        return;
                    }
                    Sender tx = new Sender(loop, c, seed, size, 1000, true);
                    Receiver rx = new Receiver(loop, c, seed, 1500);
                    rx.done.whenComplete((n, e) -> {
                        if (e != null || n != size) {
                            all.completeExceptionally(new AssertionError("connection " + seed + ": " + n, e));
                        }
                        loop.submit(new IoRequest().close(c), x -> { });
                        if (left.decrementAndGet() == 0) {
                            all.complete(null);
                        }
                    });
                    tx.start();
                    rx.start();
                });
            });
        }
        LoopHarness.join(all);
        assertEquals(0, close(listener));
    }

    private void acceptForever(IoHandle listener, IoRequest accept) {
        loop.submit(accept.accept(listener), r -> {
            if (r.result() == 0) {
                new EchoSession(loop, r.accepted()).start();
                acceptForever(listener, r);
            }
        });
    }

    @Test
    @Timeout(20)
    void largeWriteWithPartialSends() {
        IoHandle[] p = pair();
        // a small send buffer forces partial sends; the receive buffer stays default (a tiny one makes TCP crawl on
        // delayed ACKs and window updates, which tests the kernel rather than the driver)
        loop.call(d -> {
            d.setOption(p[0], StandardSocketOptions.SO_SNDBUF, 4096);
            return null;
        });
        long total = 8L << 20;
        Sender tx = new Sender(loop, p[0], 42, total, 1 << 20, true);
        Receiver rx = new Receiver(loop, p[1], 42, 7000);
        loop.execute(() -> {
            rx.start();
            tx.start();
        });
        assertEquals(total, LoopHarness.join(tx.done));
        assertEquals(total, LoopHarness.join(rx.done));
        assertEquals(tx.crc(), rx.crc(), "CRC32 of what was sent and what was received");
        System.out.println(getClass().getSimpleName() + ": 8 MiB sent with " + tx.partials() + " partial sends");
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    @Test
    @Timeout(20)
    void halfClose() {
        IoHandle[] p = pair();
        assertEquals(4, sendAll(p[0], text("ping")));
        loop.call(d -> {
            d.shutdown(p[0], false, true);
            return null;
        });
        assertEquals("ping", recvExactly(p[1], 4));
        assertEquals(0, loop.io(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(16))), "EOF after shutdown");
        assertEquals(4, sendAll(p[1], text("pong")), "the half-closed peer can still send back");
        assertEquals("pong", recvExactly(p[0], 4));
        assertEquals(0, close(p[1]));
        assertEquals(0, loop.io(new IoRequest().recv(p[0], ByteBuffer.allocateDirect(16))));
        assertEquals(0, close(p[0]));
    }

    @Test
    @Timeout(20)
    void connectionRefused() throws Exception {
        int port = deadPort();
        IoHandle c = loop.call(d -> d.openTcp(false));
        assertEquals(-Errno.ECONNREFUSED, loop.io(new IoRequest().connect(c, new InetSocketAddress(LOOPBACK, port))));
        assertEquals(0, close(c));
    }

    /**
     * A linger-0 close sends RST. The pending read must complete with -ECONNRESET (what Linux reports) or 0 (a stack
     * that reports EOF first); a later send must fail with -EPIPE or -ECONNRESET, never raise SIGPIPE.
     */
    @Test
    @Timeout(20)
    void resetByPeer() {
        IoHandle[] p = pair();
        CompletableFuture<IoRequest> read = loop.submitAsync(new IoRequest().recv(p[0], ByteBuffer.allocateDirect(64)));
        loop.call(d -> {
            d.setOption(p[1], StandardSocketOptions.SO_LINGER, 0);
            return null;
        });
        assertEquals(0, close(p[1]));
        int r = LoopHarness.join(read).result();
        assertTrue(r == -Errno.ECONNRESET || r == 0, "read after reset: " + Errno.name(r));
        int s = loop.io(new IoRequest().send(p[0], text("x")));
        assertTrue(s == -Errno.EPIPE || s == -Errno.ECONNRESET, "send after reset: " + Errno.name(s));
        assertEquals(0, close(p[0]));
    }

    @Test
    @Timeout(20)
    void cancelPendingRead() {
        IoHandle[] p = pair();
        IoRequest read = new IoRequest();
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<IoRequest> done = new CompletableFuture<>();
        loop.execute(() -> loop.submit(read.recv(p[0], ByteBuffer.allocateDirect(64)), r -> {
            calls.incrementAndGet();
            done.complete(r);
        }));
        assertTrue(loop.<Boolean>call(d -> d.cancel(read)), "a pending read is cancellable");
        assertEquals(-Errno.ECANCELED, LoopHarness.join(done).result());
        assertTrue(read.isCancelled());
        assertFalse(loop.<Boolean>call(d -> d.cancel(read)), "a completed request is not pending");
        assertFalse(loop.<Boolean>call(d -> d.cancel(new IoRequest().recv(p[0], ByteBuffer.allocateDirect(1)))));
        assertEquals(5, sendAll(p[1], text("after")));
        assertEquals("after", recvExactly(p[0], 5), "a later read still works");
        loop.call(d -> null);
        assertEquals(1, calls.get());
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    @Test
    @Timeout(20)
    void closeCancelsPendingAcceptAndLaterAcceptFails() {
        IoHandle listener = listen();
        CompletableFuture<IoRequest> accept = loop.submitAsync(new IoRequest().accept(listener));
        assertEquals(0, close(listener));
        assertTrue(accept.isDone(), "CLOSE completes the pending accept before itself");
        int r = LoopHarness.join(accept).result();
        assertTrue(r == -Errno.ECANCELED || r == -Errno.EBADF, "pending accept: " + Errno.name(r));
        assertEquals(-Errno.EBADF, loop.io(new IoRequest().accept(listener)));
        assertEquals(-Errno.EBADF, close(listener), "closing twice");
    }

    @Test
    @Timeout(20)
    void misuseCompletesWithAnErrorInsteadOfThrowing() {
        IoHandle listener = listen();
        assertEquals(-Errno.EINVAL, loop.io(new IoRequest().recv(listener, ByteBuffer.allocateDirect(8))));
        assertEquals(-Errno.EINVAL, loop.io(new IoRequest().read(listener, ByteBuffer.allocateDirect(8), 0)));
        assertEquals(0, close(listener));
    }

    @Test
    @Timeout(20)
    void udpRoundTrip() {
        IoHandle a = loop.call(d -> d.openUdp(new InetSocketAddress(LOOPBACK, 0)));
        IoHandle b = loop.call(d -> d.openUdp(new InetSocketAddress(LOOPBACK, 0)));
        InetSocketAddress aAddr = localAddress(a);
        InetSocketAddress bAddr = localAddress(b);
        ByteBuffer in = ByteBuffer.allocateDirect(100);
        CompletableFuture<IoRequest> rx = loop.submitAsync(new IoRequest().recvFrom(b, in));
        assertEquals(4, loop.io(new IoRequest().sendTo(a, text("dgrm"), bAddr)));
        IoRequest got = LoopHarness.join(rx);
        assertEquals(4, got.result());
        assertEquals(aAddr, got.address(), "sender address");
        assertEquals("dgrm", StandardCharsets.UTF_8.decode(in.limit(4)).toString());
        ByteBuffer back = ByteBuffer.allocateDirect(100);
        CompletableFuture<IoRequest> rx2 = loop.submitAsync(new IoRequest().recvFrom(a, back));
        assertEquals(4, loop.io(new IoRequest().sendTo(b, text("back"), got.address())));
        assertEquals(bAddr, LoopHarness.join(rx2).address());
        assertEquals("back", StandardCharsets.UTF_8.decode(back.limit(4)).toString());
        assertEquals(0, close(a));
        assertEquals(0, close(b));
    }

    @Test
    @Timeout(20)
    void fileWriteReadAtOffsetsAndFsync() throws Exception {
        Path f = Files.createTempFile("polyloop-conformance", ".bin");
        try {
            int flags = FileFlags.READ | FileFlags.WRITE | FileFlags.CREATE | FileFlags.TRUNCATE;
            IoHandle h = loop.call(d -> d.openFile(f, flags));
            assertEquals(5, loop.io(new IoRequest().write(h, text("world"), 6)));
            assertEquals(6, loop.io(new IoRequest().write(h, text("hello "), 0)));
            assertEquals(0, loop.io(new IoRequest().fsync(h, false)));
            assertEquals(0, loop.io(new IoRequest().fsync(h, true)));
            ByteBuffer dst = ByteBuffer.allocateDirect(32);
            assertEquals(11, loop.io(new IoRequest().read(h, dst, 0)));
            assertEquals("hello world", StandardCharsets.UTF_8.decode(dst.limit(11)).toString());
            dst.clear();
            assertEquals(5, loop.io(new IoRequest().read(h, dst, 6)));
            assertEquals("world", StandardCharsets.UTF_8.decode(dst.limit(5)).toString());
            dst.clear();
            assertEquals(0, loop.io(new IoRequest().read(h, dst, 100)), "EOF");
            assertEquals(-Errno.EINVAL, loop.io(new IoRequest().recv(h, dst)), "a file is not a stream");
            assertEquals(0, close(h));
            assertEquals(-Errno.EBADF, loop.io(new IoRequest().read(h, dst, 0)));
            assertEquals("hello world", Files.readString(f));
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @Test
    @Timeout(20)
    void wakeupFromAnotherThreadAndCoalescing() throws Exception {
        IoDriver d = provider().open(options()); // this test thread is the loop here
        List<IoRequest> got = new ArrayList<>();
        CompletionSink sink = got::add;
        try {
            Thread waker = new Thread(() -> {
                sleep(200);
                d.wakeup();
            });
            waker.start();
            long t0 = System.nanoTime();
            d.poll(sink, TimeUnit.SECONDS.toNanos(15));
            long waited = System.nanoTime() - t0;
            waker.join();
            assertTrue(waited < TimeUnit.SECONDS.toNanos(5), "poll returned after " + waited / 1_000_000 + " ms");

            Thread[] wakers = new Thread[4];
            for (int i = 0; i < wakers.length; i++) {
                wakers[i] = new Thread(() -> {
                    for (int k = 0; k < 10_000; k++) {
                        d.wakeup();
                    }
                });
                wakers[i].start();
            }
            for (Thread w : wakers) {
                w.join();
            }
            t0 = System.nanoTime();
            d.poll(sink, TimeUnit.SECONDS.toNanos(5));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "pending wakeup returns at once");
            t0 = System.nanoTime();
            d.poll(sink, TimeUnit.MILLISECONDS.toNanos(300));
            long second = System.nanoTime() - t0;
            assertTrue(second >= TimeUnit.MILLISECONDS.toNanos(200),
                    "40000 wakeups must coalesce into one: the next poll blocked only " + second / 1_000_000 + " ms");
            assertTrue(got.isEmpty());
        } finally {
            d.close(sink);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails unless {@code moved} holds {@code h} with {@code pendingRead} among its pending requests. */
    static void assertMoved(List<DetachedHandle> moved, IoHandle h, IoRequest pendingRead) {
        DetachedHandle dh = moved.stream().filter(x -> x.handle() == h).findFirst()
                .orElseThrow(() -> new AssertionError(h + " not among detached handles " + moved));
        assertTrue(dh.pending().contains(pendingRead), "the pending read travels with its handle: " + dh.pending());
    }
}
