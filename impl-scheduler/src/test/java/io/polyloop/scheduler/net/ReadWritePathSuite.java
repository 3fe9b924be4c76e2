package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpOptions;
import io.polyloop.api.net.TcpStream;
import io.polyloop.api.net.WriteBufferFullException;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopThread;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read and write paths underneath the API, single-threaded (one loop holds every handle, so its counters are
 * comparable): direct reads received in place with no staging buffer held while they wait (on drivers that cancel
 * at once), heap and direct reads interleaved without a byte lost or reordered, the writes of one turn gathered into
 * few SENDs in issue order and under the watermarks, queued connections accepted in a burst.
 */
abstract class ReadWritePathSuite extends IoApiFixture {

    private TcpStream[] pair(TcpOptions serverOptions) throws Exception {
        TcpListener listener = await(rt.listen(anyLoopbackPort(), 16, serverOptions));
        Task<TcpStream> accepted = listener.accept();
        TcpStream client = await(rt.connect(listener.localAddress()));
        TcpStream server = await(accepted);
        listener.close();
        return new TcpStream[] {client, server};
    }

    private static EventLoop loop() {
        return ((LoopThread) Thread.currentThread()).loop();
    }

    /** @return [staging buffers in use, 1 if the driver cancels at once else 0], read on the loop */
    private int[] stagingAndCancelKind() throws Exception {
        return await(rt.submit(() -> new int[] {loop().buffers().outstanding(),
                Connections.driver(loop()).cancelsAtOnce() ? 1 : 0}));
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 8));
        }
        return b;
    }

    @Test
    void aPendingDirectReadHoldsNoStagingBufferAndFillsTheCallersBufferInPlace() throws Exception {
        List<TcpStream[]> pairs = new ArrayList<>();
        List<Task<Integer>> reads = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TcpStream[] p = pair(TcpOptions.defaults());
            pairs.add(p);
            ByteBuffer dst = ByteBuffer.allocateDirect(64).position(3);
            buffers.add(dst);
            reads.add(p[1].read(dst));
        }
        Thread.sleep(50); // every read reached the driver and waits
        int[] state = stagingAndCancelKind();
        if (state[1] == 1) {
            assertEquals(0, state[0], "idle direct reads must not pin staging buffers");
        } else {
            assertTrue(state[0] <= reads.size(), "at most one staging buffer per pending read: " + state[0]);
        }
        for (int i = 0; i < pairs.size(); i++) {
            await(pairs.get(i)[0].write(ByteBuffer.wrap(pattern(10, i))));
        }
        for (int i = 0; i < pairs.size(); i++) {
            assertEquals(10, await(reads.get(i)));
            ByteBuffer dst = buffers.get(i);
            assertEquals(13, dst.position(), "the read advances the caller's position by what it read");
            byte[] got = new byte[10];
            dst.get(3, got);
            assertArrayEquals(pattern(10, i), got);
        }
        assertEquals(0, stagingAndCancelKind()[0], "nothing held once the reads completed");
        for (TcpStream[] p : pairs) {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void heapDirectPooledAndFramedReadsInterleavedLoseNoByteAndKeepOrder() throws Exception {
        TcpStream[] p = pair(TcpOptions.defaults());
        byte[] sent = pattern(300_000, 7);
        Task<Void> writing = p[0].write(ByteBuffer.allocateDirect(sent.length).put(sent).flip());
        ByteBuffer got = ByteBuffer.allocate(sent.length);
        ByteBuffer heap = ByteBuffer.allocate(1_000);
        ByteBuffer direct = ByteBuffer.allocateDirect(7_000);
        for (int round = 0; got.hasRemaining(); round++) {
            switch (round % 4) {
                case 0:
                    heap.clear().limit(Math.min(heap.capacity(), got.remaining()));
                    await(p[1].read(heap));
                    got.put(heap.flip());
                    break;
                case 1:
                    direct.clear().limit(Math.min(direct.capacity(), got.remaining()));
                    await(p[1].read(direct));
                    got.put(direct.flip());
                    break;
                case 2:
                    got.put(await(p[1].readExactly(Math.min(333, got.remaining()))));
                    break;
                default:
                    try (PooledBuffer loan = await(p[1].read(rt.buffers(), Math.min(5_000, got.remaining())))) {
                        got.put(loan.buffer());
                    }
            }
        }
        await(writing);
        assertArrayEquals(sent, got.array());
        p[0].close();
        p[1].close();
    }

    @Test
    void aCancelledOrTimedOutDirectReadLosesNoByte() throws Exception {
        TcpStream[] p = pair(TcpOptions.defaults());
        ByteBuffer dst = ByteBuffer.allocateDirect(32);
        Task<Integer> cancelled = p[1].read(dst);
        Thread.sleep(20);
        assertTrue(cancelled.cancel(true));
        p[1].setReadTimeout(Duration.ofMillis(50));
        Task<Integer> timedOut = p[1].read(ByteBuffer.allocateDirect(32));
        ExecutionException e = assertThrows(ExecutionException.class, () -> timedOut.get(20, TimeUnit.SECONDS));
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
        p[1].setReadTimeout(Duration.ZERO);
        await(p[0].write(ByteBuffer.wrap(pattern(20, 1))));
        assertArrayEquals(pattern(20, 1), bytes(await(p[1].readExactly(20))));
        p[0].close();
        p[1].close();
    }

    @Test
    void writesOfOneTurnAreGatheredAndCompleteInIssueOrderUnderTheWatermarks() throws Exception {
        int low = 8 * 1024;
        int high = 64 * 1024;
        TcpStream[] p = pair(TcpOptions.defaults().withWriteWatermarks(low, high));
        int sendsBefore = provider.submits(IoRequest.Op.SEND) + provider.submits(IoRequest.Op.SEND_VECTORED);
        // One turn on the loop: 400 writes of 1..400 bytes, heap and direct mixed in runs, until one is refused.
        List<Integer> completed = new ArrayList<>();
        ByteBuffer expected = ByteBuffer.allocate(high + 1024);
        int[] outcome = await(rt.submit(() -> {
            int accepted = 0;
            int refused = 0;
            for (int i = 0; i < 400; i++) {
                byte[] chunk = pattern(1 + i, i);
                ByteBuffer src = (i / 20) % 2 == 0 ? ByteBuffer.wrap(chunk)
                        : ByteBuffer.allocateDirect(chunk.length).put(chunk).flip();
                Task<Void> w = p[1].write(src);
                if (w.isDone() && w.status() != Task.Status.SUCCEEDED) {
                    assertInstanceOf(WriteBufferFullException.class, w.exceptionNow());
                    refused++;
                    continue;
                }
                int index = accepted++;
                expected.put(chunk);
                w.thenRun(() -> completed.add(index));
            }
            return new int[] {accepted, refused};
        }));
        int accepted = outcome[0];
        assertTrue(outcome[1] > 0, "the high watermark refused writes within the turn");
        assertTrue(expected.position() < high + 400, "unsent stays below high + one write: " + expected.position());
        byte[] got = bytes(await(p[0].readExactly(expected.position())));
        assertArrayEquals(java.util.Arrays.copyOf(expected.array(), expected.position()), got);
        await(p[1].whenWritable());
        // The client has every byte; the last SEND's completion may still be on its way to the loop.
        List<Integer> order;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        do {
            order = await(rt.submit(() -> new ArrayList<>(completed)));
        } while (order.size() < accepted && System.nanoTime() < deadline && sleep(5));
        assertEquals(accepted, order.size(), "every accepted write completed");
        for (int i = 0; i < order.size(); i++) {
            assertEquals(i, order.get(i), "writes complete in issue order");
        }
        int sends = provider.submits(IoRequest.Op.SEND) + provider.submits(IoRequest.Op.SEND_VECTORED) - sendsBefore;
        assertTrue(sends < accepted / 4, sends + " SENDs for " + accepted + " writes of one turn: not gathered");
        assertFalse(p[1].unsentBytes() > 0, "nothing left unsent");
        p[0].close();
        p[1].close();
    }

    @Test
    void queuedConnectionsAreAcceptedInABurstAndNoneIsLost() throws Exception {
        TcpListener listener = await(rt.listen(anyLoopbackPort(), 64, TcpOptions.defaults()));
        int n = 40;
        List<TcpStream> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(await(rt.connect(listener.localAddress())));
        }
        Thread.sleep(50); // every handshake is done: the connections wait in the kernel's accept queue
        // One loop task: accept in a loop, as a server does; count those complete when accept() returns.
        List<Task<TcpStream>> accepts = new ArrayList<>();
        int doneAtOnce = await(rt.submit(() -> {
            int done = 0;
            for (int i = 0; i < n; i++) {
                Task<TcpStream> t = listener.accept();
                accepts.add(t);
                done += t.isDone() ? 1 : 0;
            }
            return done;
        }));
        if ("epoll".equals(provider.name())) {
            assertTrue(doneAtOnce >= LoopTcpListener.MAX_ACCEPTS, "accepts complete at once in a burst on epoll: "
                    + doneAtOnce + " of " + n);
        }
        java.util.Set<java.net.InetSocketAddress> peers = new java.util.HashSet<>();
        for (Task<TcpStream> t : accepts) {
            TcpStream s = await(t);
            assertTrue(peers.add(s.remoteAddress()), "each connection accepted once: " + s.remoteAddress());
            s.close();
        }
        for (TcpStream c : clients) {
            assertTrue(peers.contains(c.localAddress()), "client " + c.localAddress() + " was accepted");
            c.close();
        }
        listener.close();
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return a;
    }
}
