package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpOptions;
import io.polyloop.api.net.TcpStream;
import io.polyloop.api.net.WriteBufferFullException;
import org.junit.jupiter.api.Test;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Write watermarks against a peer that reads slowly or not at all: memory stays bounded, no byte is lost. */
abstract class WriteBackpressureSuite extends IoApiFixture {
    private static final int LOW = 64 * 1024;
    private static final int HIGH = 256 * 1024;
    private static final int CHUNK = 32 * 1024;

    private TcpStream[] pair() throws Exception {
        // small kernel buffers on both sides, so the runtime's own queue is what fills up
        TcpOptions server = TcpOptions.defaults().with(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
        TcpOptions client = TcpOptions.defaults().with(StandardSocketOptions.SO_SNDBUF, 16 * 1024)
                .withWriteWatermarks(LOW, HIGH);
        TcpListener listener = await(rt.listen(anyLoopbackPort(), 8, server));
        Task<TcpStream> accepted = listener.accept();
        TcpStream c = await(rt.connect(listener.localAddress(), client));
        TcpStream s = await(accepted);
        listener.close();
        return new TcpStream[] {c, s};
    }

    @Test
    void aReaderThatStopsMakesWritesBeRefusedPastTheHighWatermark() throws Exception {
        TcpStream[] p = pair();
        TcpStream client = p[0];
        ConcurrentLinkedQueue<Boolean> changes = new ConcurrentLinkedQueue<>();
        client.onWritabilityChanged(changes::add);
        byte[] payload = new byte[CHUNK];
        new Random(5).nextBytes(payload);
        List<Task<Void>> accepted = new ArrayList<>();
        Throwable refusal = null;
        for (int i = 0; i < 1000 && refusal == null; i++) { // 32 MB at most; refused long before
            Task<Void> w = client.write(ByteBuffer.wrap(payload));
            await(client.getOption(StandardSocketOptions.TCP_NODELAY)); // a barrier: the write reached the loop
            if (w.status() == Task.Status.FAILED) {
                refusal = assertThrows(ExecutionException.class, () -> w.get(1, TimeUnit.SECONDS)).getCause();
            } else {
                accepted.add(w);
            }
            assertTrue(client.unsentBytes() < HIGH + CHUNK, "unsent " + client.unsentBytes());
        }
        assertInstanceOf(WriteBufferFullException.class, refusal);
        assertTrue(refusal.getMessage().contains("high watermark of " + HIGH), refusal.getMessage());
        assertFalse(client.isWritable());
        // The kernel may still take a little after the refusal; not writable again means still above LOW.
        assertTrue(client.unsentBytes() > LOW, "unsent " + client.unsentBytes());
        assertEquals(List.of(false), List.copyOf(changes));
        Task<Void> writable = client.whenWritable();
        assertFalse(writable.isDone());

        long expected = (long) accepted.size() * CHUNK;
        CRC32 sent = new CRC32();
        for (int i = 0; i < accepted.size(); i++) {
            sent.update(payload);
        }
        CRC32 received = new CRC32();
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        while (total < expected) { // now the peer reads everything
            in.clear();
            int n = await(p[1].read(in));
            assertTrue(n > 0);
            received.update(in.array(), 0, n);
            total += n;
        }
        await(writable);
        for (Task<Void> w : accepted) {
            await(w);
        }
        assertTrue(client.isWritable());
        assertEquals(0, client.unsentBytes());
        assertEquals(List.of(false, true), List.copyOf(changes));
        assertEquals(expected, total);
        assertEquals(sent.getValue(), received.getValue(), "every accepted byte arrived, in order");
        await(client.write(ByteBuffer.wrap(payload))); // and writing works again
        p[0].close();
        p[1].close();
    }

    /** A writer that waits for writability, against a reader that sleeps between reads: bounded and exact. */
    @Test
    void aWriterPacedByWritabilityNeverExceedsTheBoundWithASlowReader() throws Exception {
        TcpStream[] p = pair();
        TcpStream client = p[0];
        int chunks = 96; // 3 MiB
        byte[] payload = new byte[CHUNK];
        new Random(9).nextBytes(payload);
        Thread reader = new Thread(() -> {
            try {
                ByteBuffer in = ByteBuffer.allocate(16 * 1024);
                CRC32 crc = new CRC32();
                long total = 0;
                while (total < (long) chunks * CHUNK) {
                    in.clear();
                    int n = await(p[1].read(in));
                    crc.update(in.array(), 0, n);
                    total += n;
                    Thread.sleep(1); // slow: about 16 KB per millisecond at best
                }
                readerCrc = crc.getValue();
            } catch (Exception e) {
                readerCrc = -1;
            }
        });
        reader.start();
        long maxUnsent = 0;
        CRC32 sent = new CRC32();
        List<Task<Void>> writes = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            await(client.whenWritable());
            writes.add(client.write(ByteBuffer.wrap(payload)));
            sent.update(payload);
            maxUnsent = Math.max(maxUnsent, client.unsentBytes());
        }
        for (Task<Void> w : writes) {
            await(w); // none refused: each was issued while writable
        }
        reader.join(20_000);
        assertEquals(sent.getValue(), readerCrc);
        assertTrue(maxUnsent < HIGH + CHUNK, "max unsent " + maxUnsent);
        p[0].close();
        p[1].close();
    }

    @Test
    void queuedWritesCancelledBeforeTheirFirstByteAreWithdrawnAndTheRestKeepTheirOrder() throws Exception {
        TcpStream[] p = pair();
        TcpStream client = p[0];
        // heap writes are staged through one pooled buffer: the 200 KiB head holds the queue behind it unsent
        Task<Void> head = client.write(fill('a', 200 * 1024));
        Task<Void> middle = client.write(fill('b', 8 * 1024));
        Task<Void> kept = client.write(fill('c', 8 * 1024));
        Task<Void> last = client.write(fill('d', 8 * 1024));
        await(client.getOption(StandardSocketOptions.TCP_NODELAY)); // a barrier: the writes reached the loop
        assertTrue(middle.cancel(true), "not started: cancellable");
        assertTrue(last.cancel(true), "the last one queued: cancellable");
        await(client.getOption(StandardSocketOptions.TCP_NODELAY)); // the cancel hooks ran
        assertTrue(client.unsentBytes() <= 208 * 1024, "withdrawn bytes are not unsent: " + client.unsentBytes());
        Task<Void> after = client.write(fill('e', 8 * 1024)); // queued behind the withdrawn tail
        Task<Void> shut = client.shutdownOutput();

        ByteBuffer got = ByteBuffer.allocate(256 * 1024);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (await(p[1].read(in.clear())) >= 0) {
            got.put(in.flip());
        }
        got.flip();
        assertEquals(216 * 1024, got.remaining(), "a, c and e");
        for (int i = 0; i < got.limit(); i++) {
            char want = i < 200 * 1024 ? 'a' : i < 208 * 1024 ? 'c' : 'e';
            if (got.get(i) != want) {
                assertEquals(want, (char) got.get(i), "byte " + i);
            }
        }
        await(head);
        await(kept);
        await(after);
        await(shut);
        assertEquals(Task.Status.CANCELLED, middle.status());
        assertEquals(Task.Status.CANCELLED, last.status());
        assertEquals(0, client.unsentBytes());
        p[0].close();
        p[1].close();
    }

    /**
     * A stream reuses its done write objects; a write cancelled while queued must never be reused before its cancel
     * hook ran, or the hook would withdraw the write that got the object. On one loop the order is exact: W0 (direct)
     * goes alone, its continuation cancels the queued heap W1 (hook posted), the same pass drops W1 and completes the
     * empty Wz, whose continuation writes W2 (heap) behind the direct Wbig in flight: W2 waits, unsent, until after
     * W1's hook ran. W2 and the shutdown behind it must still arrive.
     */
    @Test
    void aWriteCancelledWhileQueuedIsNeverReusedBeforeItsCancelRan() throws Exception {
        TcpStream[] p = pair();
        TcpStream client = p[0];
        java.util.concurrent.CompletableFuture<Task<Void>> w2 = new java.util.concurrent.CompletableFuture<>();
        // under work stealing W0's continuation may run on another thread, after W1 went out: then it is not cancelled
        java.util.concurrent.CompletableFuture<Boolean> cancelled = new java.util.concurrent.CompletableFuture<>();
        List<Task<Void>> firsts = await(rt.submit(() -> {
            Task<Void> w0 = client.write(direct('a', 100));
            Task<Void> w1 = client.write(fill('b', 100));
            Task<Void> wz = client.write(ByteBuffer.allocate(0));
            Task<Void> wbig = client.write(direct('c', 8 * 1024));
            w0.whenComplete((v, e) -> cancelled.complete(w1.cancel(true)));
            wz.whenComplete((v, e) -> {
                w2.complete(client.write(fill('e', 100)));
                client.shutdownOutput();
            });
            return List.of(w0, w1, wz, wbig);
        }));
        ByteBuffer got = ByteBuffer.allocate(16 * 1024);
        ByteBuffer in = ByteBuffer.allocate(4 * 1024);
        while (await(p[1].read(in.clear())) >= 0) {
            got.put(in.flip());
        }
        got.flip();
        int b = await(cancelled) ? 0 : 100;
        assertEquals(100 + b + 8 * 1024 + 100, got.remaining(), "a, (b,) c and e");
        for (int i = 0; i < got.limit(); i++) {
            char want = i < 100 ? 'a' : i < 100 + b ? 'b' : i < 100 + b + 8 * 1024 ? 'c' : 'e';
            if (got.get(i) != want) {
                assertEquals(want, (char) got.get(i), "byte " + i);
            }
        }
        await(await(w2));
        assertEquals(b == 0 ? Task.Status.CANCELLED : Task.Status.SUCCEEDED, firsts.get(1).status());
        await(firsts.get(3));
        assertEquals(0, client.unsentBytes());
        p[0].close();
        p[1].close();
    }

    private static ByteBuffer direct(char c, int n) {
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        while (b.hasRemaining()) {
            b.put((byte) c);
        }
        return b.flip();
    }

    private static ByteBuffer fill(char c, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return ByteBuffer.wrap(b);
    }

    private volatile long readerCrc;

    /**
     * A connection lends its SEND request (and gather array) from its loop's {@link SendSlots} while it has bytes to
     * send and gives it back when its writes are done, so an idle connection holds none: after heap, direct, mixed
     * and gathering writes, and partial sends through a 16 KiB send buffer, on 8 connections at once, every slot made
     * is back in the loop's free list (checked on the single loop of the single-threaded strategy).
     */
    @Test
    void connectionsWhoseWritesAreDoneHoldNoSendRequest() throws Exception {
        List<TcpStream[]> pairs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            pairs.add(pair());
        }
        byte[] payload = new byte[100 * 1024];
        new Random(9).nextBytes(payload);
        List<Task<Void>> writes = new ArrayList<>();
        long perConnection = 0;
        for (TcpStream[] p : pairs) {
            ByteBuffer direct = ByteBuffer.allocateDirect(3000).put(payload, 0, 3000).flip();
            ByteBuffer direct2 = ByteBuffer.allocateDirect(500).put(payload, 0, 500).flip();
            writes.add(p[0].write(ByteBuffer.wrap(payload, 0, 1000)));
            writes.add(p[0].write(direct));
            writes.add(p[0].write(ByteBuffer.wrap(payload, 0, 200), direct2.duplicate()));
            writes.add(p[0].write(direct2.duplicate(), direct2.duplicate()));
            writes.add(p[0].write(ByteBuffer.wrap(payload))); // more than the send buffer: partial sends
            perConnection = 1000 + 3000 + 700 + 1000 + payload.length;
        }
        for (TcpStream[] p : pairs) { // the peers read it all, so every write completes
            long got = 0;
            ByteBuffer into = ByteBuffer.allocate(64 * 1024);
            while (got < perConnection) {
                int n = await(p[1].read(into.clear()));
                assertTrue(n > 0, "end of stream after " + got);
                got += n;
            }
            assertEquals(perConnection, got);
        }
        for (Task<Void> w : writes) {
            await(w);
        }
        if (strategySettings().isEmpty()) { // one loop: its slots are all of them
            int[] keptMade = await(rt.submit(() -> {
                SendSlots slots = SendSlots.of(((io.polyloop.scheduler.loop.LoopThread) Thread.currentThread()).loop());
                return new int[] {slots.kept(), slots.made()};
            }));
            assertTrue(keptMade[1] >= 1, "the writes took their requests from the loop's slots");
            assertEquals(keptMade[1], keptMade[0], "every slot made is free again: no idle connection holds one");
        }
        for (TcpStream[] p : pairs) {
            p[0].close();
            p[1].close();
        }
    }
}
