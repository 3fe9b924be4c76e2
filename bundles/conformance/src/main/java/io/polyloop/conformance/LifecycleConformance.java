package io.polyloop.conformance;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The life of requests and of the driver: cancel, CLOSE with requests pending, misuse reported as results, and
 * wake-up from other threads. A backend module's test extends it and names its provider.
 */
public abstract class LifecycleConformance extends ConformanceSupport {

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
}
