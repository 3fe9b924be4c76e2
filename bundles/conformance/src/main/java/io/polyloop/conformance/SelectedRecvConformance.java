package io.polyloop.conformance;

import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RECV_SELECT ({@code IoDriver#selectsRecvBuffers()}): a receive that takes its buffer from a source only when bytes
 * can be received. Waiting receives hold no buffer; bytes arrive whole and in order; cancel, close, end of stream and
 * a driver swap while one waits leave no buffer out. A backend module's test extends it and names its provider.
 */
public abstract class SelectedRecvConformance extends ConformanceSupport {

    @BeforeEach
    void capability() {
        assertTrue(loop.<Boolean>call(d -> d.selectsRecvBuffers()), "every backend of the project selects RECV buffers");
    }

    /** 40 connections wait with a RECV_SELECT each and hold no buffer; then each gets its own bytes in one. */
    @Test
    @Timeout(30)
    void waitingReceivesHoldNoBuffer() {
        int n = 40;
        IoHandle listener = listen();
        List<IoHandle[]> pairs = new ArrayList<>();
        List<CountingBuffers> sources = new ArrayList<>();
        List<CompletableFuture<IoRequest>> reads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IoHandle[] p = connect(listener);
            CountingBuffers s = new CountingBuffers(4096);
            pairs.add(p);
            sources.add(s);
            reads.add(loop.submitAsync(new IoRequest().recvSelect(p[1], s)));
        }
        settle();
        for (int i = 0; i < n; i++) {
            assertTrue(!reads.get(i).isDone(), "connection " + i + " has nothing to read yet");
            assertEquals(0, sources.get(i).outstanding(), "connection " + i + " waits holding no buffer");
        }
        for (int i = 0; i < n; i++) {
            String text = "message " + i;
            assertEquals(text.length(), sendAll(pairs.get(i)[0], text(text)));
            IoRequest r = LoopHarness.join(reads.get(i));
            assertEquals(text.length(), r.result(), "connection " + i);
            ByteBuffer b = r.buffer();
            assertNotNull(b, "the buffer taken holds the bytes");
            assertEquals(text, StandardCharsets.UTF_8.decode(b.duplicate().limit(b.position() + r.result()))
                    .toString());
            assertEquals(1, sources.get(i).outstanding(), "the delivered buffer belongs to the caller");
            sources.get(i).release(b);
        }
        for (IoHandle[] p : pairs) {
            assertEquals(0, close(p[0]));
            assertEquals(0, close(p[1]));
        }
        assertEquals(0, close(listener));
    }

    /** 2 MiB through RECV_SELECTs of 1000-byte buffers, checked byte by byte; none left out at the end. */
    @Test
    @Timeout(30)
    void streamArrivesWholeAndInOrder() {
        IoHandle[] p = pair();
        long total = 2L << 20;
        CountingBuffers source = new CountingBuffers(1000);
        CompletableFuture<Long> done = new CompletableFuture<>();
        Sender tx = new Sender(loop, p[0], 5, total, 64 * 1024, true);
        loop.execute(() -> {
            receiveAll(p[1], source, new IoRequest(), new long[1], done);
            tx.start();
        });
        assertEquals(total, LoopHarness.join(tx.done));
        assertEquals(0, close(p[0]));
        assertEquals(total, LoopHarness.join(done), "every byte, in order, then the end of the stream");
        assertEquals(0, source.outstanding(), "the end of the stream holds no buffer");
        assertTrue(source.taken() >= total / 1000, "one buffer per receive at most 1000 bytes: " + source.taken());
        assertEquals(0, close(p[1]));
    }

    private void receiveAll(IoHandle h, CountingBuffers source, IoRequest r, long[] at, CompletableFuture<Long> done) {
        loop.submit(r.recvSelect(h, source), x -> {
            int n = x.result();
            if (n <= 0) {
                if (n == 0) {
                    done.complete(at[0]);
                } else {
                    done.completeExceptionally(new AssertionError("recv " + Errno.name(n) + " after " + at[0]));
                }
                return;
            }
            ByteBuffer b = x.buffer();
            long bad = StreamPattern.mismatch(b, b.position(), n, 5, at[0]);
            if (bad >= 0) {
                done.completeExceptionally(new AssertionError("byte " + bad + " differs (lost or reordered)"));
                return;
            }
            at[0] += n;
            source.release(b);
            receiveAll(h, source, x, at, done);
        });
    }

    /** A cancelled waiting RECV_SELECT gives nothing back but its buffer: the bytes sent next are read whole. */
    @Test
    @Timeout(20)
    void cancelWhileWaiting() {
        IoHandle[] p = pair();
        CountingBuffers source = new CountingBuffers(64);
        IoRequest waiting = new IoRequest().recvSelect(p[1], source);
        CompletableFuture<IoRequest> read = loop.submitAsync(waiting);
        settle();
        assertTrue(loop.<Boolean>call(d -> d.cancel(waiting)));
        assertEquals(-Errno.ECANCELED, LoopHarness.join(read).result());
        assertEquals(0, source.outstanding(), "a cancelled receive holds no buffer");
        assertEquals(5, sendAll(p[0], text("after")));
        IoRequest next = LoopHarness.join(loop.submitAsync(new IoRequest().recvSelect(p[1], source)));
        assertEquals(5, next.result());
        assertEquals("after", StandardCharsets.UTF_8.decode(next.buffer().duplicate().limit(5)).toString());
        source.release(next.buffer());
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    /** CLOSE of a handle with a RECV_SELECT waiting: the receive completes first, cancelled, holding no buffer. */
    @Test
    @Timeout(20)
    void closeWhileWaiting() {
        IoHandle[] p = pair();
        CountingBuffers source = new CountingBuffers(64);
        CompletableFuture<IoRequest> read = loop.submitAsync(new IoRequest().recvSelect(p[1], source));
        settle();
        CompletableFuture<IoRequest> closed = loop.submitAsync(new IoRequest().close(p[1]));
        assertEquals(-Errno.ECANCELED, LoopHarness.join(read).result());
        assertEquals(0, LoopHarness.join(closed).result());
        assertTrue(read.isDone());
        assertEquals(0, source.outstanding());
        assertEquals(0, close(p[0]));
    }

    /** The peer's shutdown ends a waiting RECV_SELECT with 0, and no buffer stays out. */
    @Test
    @Timeout(20)
    void endOfStreamWhileWaiting() {
        IoHandle[] p = pair();
        CountingBuffers source = new CountingBuffers(64);
        CompletableFuture<IoRequest> read = loop.submitAsync(new IoRequest().recvSelect(p[1], source));
        settle();
        loop.call(d -> {
            d.shutdown(p[0], false, true);
            return null;
        });
        assertEquals(0, LoopHarness.join(read).result());
        assertEquals(0, source.outstanding());
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    /** A RECV_SELECT waiting across a swap to a fresh driver gets the bytes sent after it, and waited bufferless. */
    @Test
    @Timeout(20)
    void waitingReceiveMovesWithItsHandle() throws Exception {
        IoHandle[] p = pair();
        CountingBuffers source = new CountingBuffers(256);
        IoRequest waiting = new IoRequest().recvSelect(p[1], source);
        CompletableFuture<IoRequest> read = loop.submitAsync(waiting);
        settle();
        for (int i = 0; i < 3; i++) {
            if (!read.isDone()) {
                assertMoved(loop.call(d -> loop.swapDriver()), p[1], waiting);
            }
        }
        settle();
        assertEquals(0, source.outstanding(), "it waits on the new driver holding no buffer");
        assertEquals(7, sendAll(p[0], text("swapped")));
        IoRequest r = LoopHarness.join(read);
        assertEquals(7, r.result());
        assertEquals("swapped", StandardCharsets.UTF_8.decode(r.buffer().duplicate().limit(7)).toString());
        source.release(r.buffer());
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    /** Lets the loop run a few turns (a zero-byte probe, an armed multishot) before the test looks. */
    private void settle() {
        for (int i = 0; i < 5; i++) {
            loop.call(d -> null);
            sleep(10);
        }
    }
}
