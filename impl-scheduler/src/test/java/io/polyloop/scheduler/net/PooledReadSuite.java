package io.polyloop.scheduler.net;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.Task;
import io.polyloop.api.buffer.BufferPool;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.scheduler.testkit.LogCapture;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code TcpStream.read(pool, max)}: a waiting read holds no pool buffer (the loan is taken when bytes are there);
 * bytes arrive whole and in order, mixed with other reads; cancel and close while waiting leave no loan out; the
 * continuation gets its loan on whatever loop runs it (work-stealing may move it). The pool counted is the runtime's
 * {@code buffers()}, which nothing else uses during a test. A stream reuses its retired read objects, pooled ones and
 * those of {@code read(ByteBuffer)}: the last tests check that a reused read never meets the cancel, timer or buffer of
 * the read it was.
 */
abstract class PooledReadSuite extends IoApiFixture {

    private List<TcpStream[]> pairs(int n) throws Exception {
        TcpListener listener = await(rt.listen(anyLoopbackPort(), n));
        List<TcpStream[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Task<TcpStream> accepted = listener.accept();
            TcpStream client = await(rt.connect(listener.localAddress()));
            pairs.add(new TcpStream[] {client, await(accepted)});
        }
        listener.close();
        return pairs;
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 8));
        }
        return b;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    /** The pool's loans out, once the loops had a few turns to settle (a zero-byte probe, a multishot armed). */
    private int outstandingAfterSettling() throws Exception {
        for (int i = 0; i < 5; i++) {
            await(rt.submit(() -> null));
            Thread.sleep(10);
        }
        return rt.buffers().outstanding();
    }

    @Test
    void aHundredWaitingPooledReadsHoldNoPoolBuffer() throws Exception {
        List<TcpStream[]> pairs = pairs(100);
        assertEquals(0, rt.buffers().outstanding());
        List<Task<PooledBuffer>> reads = new ArrayList<>();
        for (TcpStream[] p : pairs) {
            reads.add(p[1].read(rt.buffers(), 16 * 1024));
        }
        assertEquals(0, outstandingAfterSettling(), "idle connections waiting in read(pool, max) hold no loan");
        if (strategySettings().isEmpty()) { // one loop: its staging buffers are comparable
            assertEquals(0, (int) await(rt.submit(() -> ((io.polyloop.scheduler.loop.LoopThread) Thread.currentThread())
                    .loop().buffers().outstanding())), "nor a staging buffer of the loop instead");
        }
        for (Task<PooledBuffer> r : reads) {
            assertFalse(r.isDone());
        }
        for (int i = 0; i < pairs.size(); i++) {
            await(pairs.get(i)[0].write(ByteBuffer.wrap(pattern(100 + i, i))));
        }
        List<PooledBuffer> loans = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            PooledBuffer loan = await(reads.get(i));
            loans.add(loan);
            ByteBuffer b = loan.buffer();
            assertEquals(0, b.position(), "ready to read");
            assertArrayEquals(pattern(100 + i, i), bytes(b), "connection " + i);
        }
        assertEquals(100, rt.buffers().outstanding(), "one loan per delivered read, the caller's");
        loans.forEach(PooledBuffer::close);
        assertEquals(0, rt.buffers().outstanding());
        for (TcpStream[] p : pairs) {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void loansFollowWhatTheReadsBringNotMax() throws Exception {
        TcpStream[] p = pairs(1).get(0);
        int max = 1 << 20;
        for (int i = 0; i < 5; i++) { // small messages, one at a time: small loans though the caller allows 1 MiB
            await(p[0].write(ByteBuffer.wrap(pattern(100, i))));
            try (PooledBuffer loan = await(p[1].read(rt.buffers(), max))) {
                assertArrayEquals(pattern(100, i), bytes(loan.buffer()));
                assertTrue(loan.buffer().capacity() <= LoanSizer.INITIAL,
                        "a 100-byte read got a loan of " + loan.buffer().capacity());
            }
        }
        byte[] sent = pattern(2_000_000, 7); // then a stream: the loans grow past the initial size
        Task<Void> writing = p[0].write(ByteBuffer.allocateDirect(sent.length).put(sent).flip());
        ByteBuffer got = ByteBuffer.allocate(sent.length);
        int largest = 0;
        while (got.hasRemaining()) {
            try (PooledBuffer loan = await(p[1].read(rt.buffers(), Math.min(max, got.remaining())))) {
                largest = Math.max(largest, loan.buffer().remaining());
                got.put(loan.buffer());
            }
        }
        await(writing);
        assertArrayEquals(sent, got.array());
        assertTrue(largest > LoanSizer.INITIAL, "reads of a stream grew their loans: largest read " + largest);
        assertEquals(0, rt.buffers().outstanding());
        p[0].close();
        p[1].close();
    }

    @Test
    void pooledReadsMixedWithOtherReadsLoseNoByteAndKeepOrder() throws Exception {
        TcpStream[] p = pairs(1).get(0);
        byte[] sent = pattern(400_000, 3);
        Task<Void> writing = p[0].write(ByteBuffer.allocateDirect(sent.length).put(sent).flip());
        ByteBuffer got = ByteBuffer.allocate(sent.length);
        for (int round = 0; got.hasRemaining(); round++) {
            if (round % 5 == 4) {
                got.put(await(p[1].readExactly(Math.min(777, got.remaining())))); // leaves kept bytes behind
            } else {
                int max = Math.min(round % 2 == 0 ? 1_000 : 9_000, got.remaining());
                try (PooledBuffer loan = await(p[1].read(rt.buffers(), max))) {
                    assertTrue(loan.buffer().remaining() >= 1 && loan.buffer().remaining() <= max,
                            loan.buffer().remaining() + " bytes for max " + max);
                    got.put(loan.buffer());
                }
            }
        }
        await(writing);
        assertArrayEquals(sent, got.array());
        p[0].close();
        assertNull(await(p[1].read(rt.buffers(), 64)), "the end of the stream is null");
        assertEquals(0, rt.buffers().outstanding());
        p[1].close();
    }

    @Test
    void aCancelledWaitingPooledReadHoldsNothingAndLosesNoByte() throws Exception {
        TcpStream[] p = pairs(1).get(0);
        for (int i = 0; i < 20; i++) {
            Task<PooledBuffer> waiting = p[1].read(rt.buffers(), 4096);
            if (i % 2 == 0) {
                Thread.sleep(2);
            }
            assertTrue(waiting.cancel(true));
        }
        assertEquals(0, outstandingAfterSettling(), "cancelled reads leave no loan out");
        // cancels racing with arriving bytes: whatever a cancelled read had received goes to the next read
        byte[] sent = pattern(50_000, 9);
        Task<Void> writing = p[0].write(ByteBuffer.wrap(sent));
        ByteBuffer got = ByteBuffer.allocate(sent.length);
        for (int i = 0; got.hasRemaining(); i++) {
            Task<PooledBuffer> r = p[1].read(rt.buffers(), Math.min(3_000, got.remaining()));
            if (i % 3 == 0 && r.cancel(true)) {
                continue;
            }
            try (PooledBuffer loan = await(r)) {
                got.put(loan.buffer());
            }
        }
        await(writing);
        assertArrayEquals(sent, got.array());
        assertEquals(0, outstandingAfterSettling());
        p[0].close();
        p[1].close();
    }

    @Test
    void closingAStreamFailsItsWaitingPooledReadAndHoldsNothing() throws Exception {
        List<TcpStream[]> pairs = pairs(10);
        List<Task<PooledBuffer>> reads = new ArrayList<>();
        for (TcpStream[] p : pairs) {
            reads.add(p[1].read(rt.buffers(), 8192));
        }
        outstandingAfterSettling();
        for (TcpStream[] p : pairs) {
            p[1].close();
        }
        for (Task<PooledBuffer> r : reads) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof java.io.IOException, "closed: " + e.getCause());
        }
        assertEquals(0, outstandingAfterSettling(), "a read ended by close holds no loan");
        for (TcpStream[] p : pairs) {
            p[0].close();
        }
    }

    /**
     * A runtime that shuts down with pooled reads waiting (and an echo that reads again from their continuations, as
     * the bench's does) fails each read with the shutdown's error, quietly: nothing is logged at ERROR (it logged one
     * "completion handler ... threw: shutting down: no new I/O" per connection), and no loan is left out.
     */
    @Test
    void shutdownWithPooledReadsWaitingFailsThemWithoutAnErrorPerConnection() throws Exception {
        IoBackendProvider backend = newProvider();
        IoRuntime own = IoRuntime.builder().provider(backend).properties(strategySettings()).backend(backend.name())
                .build();
        List<Task<PooledBuffer>> reads = new ArrayList<>();
        List<CompletableFuture<Throwable>> echoes = new ArrayList<>();
        List<TcpStream> clients = new ArrayList<>();
        TcpListener listener = await(own.listen(anyLoopbackPort(), 20));
        for (int i = 0; i < 20; i++) {
            Task<TcpStream> accepted = listener.accept();
            TcpStream client = await(own.connect(listener.localAddress()));
            clients.add(client);
            TcpStream server = await(accepted);
            reads.add(client.read(own.buffers(), 4096));
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            echoes.add(ended);
            echo(server, own.buffers(), ended);
            await(client.write(ByteBuffer.wrap(pattern(10, i)))); // one echo round: the echo is reading again
        }
        listener.close();
        for (int i = 0; i < reads.size(); i++) {
            try (PooledBuffer loan = await(reads.get(i))) {
                assertArrayEquals(pattern(10, i), bytes(loan.buffer()));
            }
        }
        reads.clear();
        for (TcpStream client : clients) { // a client read waiting too, on every connection
            reads.add(client.read(own.buffers(), 4096));
        }
        String log;
        try (LogCapture capture = new LogCapture()) {
            assertTrue(own.close(Duration.ofSeconds(10)), "runtime did not terminate");
            log = capture.text();
        }
        for (Task<PooledBuffer> r : reads) { // failed, or the end of the stream if the server side closed first
            try {
                assertNull(r.get(20, TimeUnit.SECONDS), "a client read got bytes nobody sent");
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof java.io.IOException, "failed by the shutdown: " + e.getCause());
            }
        }
        for (CompletableFuture<Throwable> ended : echoes) {
            Throwable cause = ended.get(20, TimeUnit.SECONDS);
            assertTrue(cause instanceof java.io.IOException, "the echo's read failed with the shutdown's error: "
                    + cause);
        }
        assertFalse(log.contains("ERROR"), "nothing logged at ERROR on shutdown:\n" + log);
        assertEquals(0, own.buffers().outstanding(), "loans out after shutdown");
    }

    /**
     * A loop that fails (its driver's poll throws) and stops fails the pooled reads waiting on it with an IOException:
     * none hangs, and the one ERROR logged is the loop's own "event loop failed", not one "completion handler ...
     * threw: shutting down: no new I/O" per connection (the end of session 4's 10 000-connection bench run).
     */
    @Test
    void aLoopThatFailsFailsItsWaitingPooledReadsWithoutAnErrorPerConnection() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(strategySettings().isEmpty(), "one loop: every read is on it");
        PollFailingProvider backend = new PollFailingProvider(newProvider());
        IoRuntime own = IoRuntime.builder().provider(backend).backend(backend.name()).build();
        List<Task<PooledBuffer>> reads = new ArrayList<>();
        TcpListener listener = await(own.listen(anyLoopbackPort(), 20));
        for (int i = 0; i < 20; i++) {
            Task<TcpStream> accepted = listener.accept();
            TcpStream client = await(own.connect(listener.localAddress()));
            reads.add(client.read(own.buffers(), 4096));
            reads.add(await(accepted).read(own.buffers(), 4096));
        }
        await(own.submit(() -> null));
        String log;
        try (LogCapture capture = new LogCapture()) {
            backend.failNextPoll();
            own.submit(() -> null); // wakes the loop into its next poll
            for (Task<PooledBuffer> r : reads) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> r.get(20, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof java.io.IOException, "failed with the loop: " + e.getCause());
            }
            log = capture.text();
        } finally {
            own.close(Duration.ofSeconds(10));
        }
        assertTrue(log.contains("event loop failed"), log);
        assertFalse(log.contains("completion handler"), "no completion handler threw:\n" + log);
        assertEquals(1, log.split(" ERROR ", -1).length - 1, "one ERROR, the loop's:\n" + log);
        assertEquals(0, own.buffers().outstanding(), "loans out after the loop stopped");
    }

    /** Reads a loan, writes it back, closes it, reads again; {@code ended} gets the error that stops it. */
    private static void echo(TcpStream s, BufferPool pool, CompletableFuture<Throwable> ended) {
        s.read(pool, 4096).whenComplete((loan, e) -> {
            if (e != null) {
                ended.complete(e);
            } else if (loan == null) {
                ended.complete(new java.io.EOFException());
            } else {
                s.write(loan.buffer()).whenComplete((v, we) -> {
                    loan.close();
                    if (we != null) {
                        ended.complete(we);
                    } else {
                        echo(s, pool, ended);
                    }
                });
            }
        });
    }

    /**
     * Continuations chained on waiting pooled reads get their loan wherever they run (on work-stealing another loop may
     * steal them) and close it there; every byte is checked.
     */
    @Test
    void continuationsOfWaitingPooledReadsGetTheirLoanOnAnyLoop() throws Exception {
        List<TcpStream[]> pairs = pairs(32);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<byte[]>> got = new ArrayList<>();
        for (TcpStream[] p : pairs) {
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            got.add(f);
            p[1].read(rt.buffers(), 2048).whenComplete((loan, e) -> {
                threads.add(Thread.currentThread().getName());
                if (e != null) {
                    f.completeExceptionally(e);
                    return;
                }
                byte[] b = bytes(loan.buffer());
                loan.close(); // before the test thread can look at the pool
                f.complete(b);
            });
        }
        assertEquals(0, outstandingAfterSettling());
        for (int i = 0; i < pairs.size(); i++) {
            await(pairs.get(i)[0].write(ByteBuffer.wrap(pattern(500, i))));
        }
        for (int i = 0; i < pairs.size(); i++) {
            assertArrayEquals(pattern(500, i), got.get(i).get(20, TimeUnit.SECONDS), "connection " + i);
        }
        assertEquals(0, rt.buffers().outstanding(), "every continuation closed its loan");
        System.out.println(getClass().getSimpleName() + ": pooled-read continuations ran on " + threads);
        for (TcpStream[] p : pairs) {
            p[0].close();
            p[1].close();
        }
    }

    /**
     * A stream's retired pooled read is reused for its next one; a read cancelled while queued must not be: its
     * cancel hook, posted to the loop, would then run against the read after it. On epoll the sequence is exact: R0's
     * continuation cancels the queued R1 and issues R2, whose RECV is performed at once (bytes waiting), and R2's
     * continuation issues R3 in the same pass, after R1 was retired and before R1's hook runs.
     */
    @Test
    void aReadCancelledWhileQueuedIsNeverReusedBeforeItsCancelRan() throws Exception {
        TcpStream[] p = pairs(1).get(0);
        BufferPool pool = rt.buffers();
        CompletableFuture<Task<PooledBuffer>> r3 = new CompletableFuture<>();
        CompletableFuture<Task<PooledBuffer>> r2 = new CompletableFuture<>();
        // under work stealing R0's continuation may run on another thread, after R1 got bytes: then it is not cancelled
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        Task<PooledBuffer>[] r01 = await(rt.submit(() -> {
            Task<PooledBuffer> r0 = p[1].read(pool, 4);
            Task<PooledBuffer> r1 = p[1].read(pool, 4);
            r0.whenComplete((loan, e) -> {
                cancelled.complete(r1.cancel(true));
                Task<PooledBuffer> next = p[1].read(pool, 4);
                next.whenComplete((l2, e2) -> r3.complete(p[1].read(pool, 4)));
                r2.complete(next);
            });
            @SuppressWarnings("unchecked")
            Task<PooledBuffer>[] both = new Task[] {r0, r1};
            return both;
        }));
        byte[] sent = pattern(16, 3);
        await(p[0].write(ByteBuffer.wrap(sent, 0, 12)));
        List<Task<PooledBuffer>> inOrder = await(cancelled) ? List.of(r01[0], await(r2), await(r3))
                : List.of(r01[0], r01[1], await(r2), await(r3));
        if (!await(cancelled)) { // four reads wait for bytes: R3 gets the last four
            sent = java.util.Arrays.copyOf(sent, 16);
            await(p[0].write(ByteBuffer.wrap(sent, 12, 4)));
        } else {
            sent = java.util.Arrays.copyOf(sent, 12);
        }
        ByteBuffer got = ByteBuffer.allocate(sent.length);
        for (Task<PooledBuffer> r : inOrder) { // reads complete in issue order
            try (PooledBuffer loan = await(r)) {
                got.put(loan.buffer());
            }
        }
        while (got.hasRemaining()) { // a read gets at most 4 bytes, fewer if they came apart
            try (PooledBuffer loan = await(p[1].read(pool, got.remaining()))) {
                got.put(loan.buffer());
            }
        }
        assertEquals(await(cancelled) ? Task.Status.CANCELLED : Task.Status.SUCCEEDED, r01[1].status());
        assertArrayEquals(sent, got.array(), "R3 got its bytes: R1's cancel did not withdraw or time it out");
        assertEquals(0, outstandingAfterSettling());
        p[0].close();
        p[1].close();
    }

    /**
     * A reused pooled read carries no timer of the read it was: R1 completes well before its read timeout; R2 (the
     * same object, no read timeout now) waits longer than R1's timeout would have been, and still gets its bytes.
     */
    @Test
    void aReusedReadCarriesNoTimerOfTheReadItWas() throws Exception {
        TcpStream[] p = pairs(1).get(0);
        p[1].setReadTimeout(Duration.ofMillis(150));
        Task<PooledBuffer> r1 = p[1].read(rt.buffers(), 64);
        await(p[0].write(ByteBuffer.wrap(pattern(10, 1))));
        await(r1).close();
        p[1].setReadTimeout(Duration.ZERO);
        Task<PooledBuffer> r2 = p[1].read(rt.buffers(), 64);
        Thread.sleep(400);
        assertFalse(r2.isDone(), "no timeout is set: " + r2.status());
        byte[] sent = pattern(20, 2);
        await(p[0].write(ByteBuffer.wrap(sent)));
        try (PooledBuffer loan = await(r2)) {
            assertArrayEquals(sent, bytes(loan.buffer()));
        }
        // and a timed-out read (its RECV cancelled, maybe completed late) is reused cleanly too
        p[1].setReadTimeout(Duration.ofMillis(30));
        Task<PooledBuffer> timedOut = p[1].read(rt.buffers(), 64);
        ExecutionException e = assertThrows(ExecutionException.class, () -> timedOut.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof java.net.SocketTimeoutException, String.valueOf(e.getCause()));
        p[1].setReadTimeout(Duration.ZERO);
        Task<PooledBuffer> after = p[1].read(rt.buffers(), 64);
        Thread.sleep(100);
        await(p[0].write(ByteBuffer.wrap(sent)));
        try (PooledBuffer loan = await(after)) {
            assertArrayEquals(sent, bytes(loan.buffer()));
        }
        assertEquals(0, outstandingAfterSettling());
        p[0].close();
        p[1].close();
    }

    /**
     * {@code read(ByteBuffer)} reuses its retired read object too, under the same rule as the pooled read above: R0's
     * continuation cancels the queued R1 and issues R2, and R2's continuation issues R3 after R1 was retired and
     * before R1's posted cancel hook runs; R3 must be a fresh object or R0's, never R1's. Heap buffers go through a
     * staging buffer; direct ones are received into straight on the drivers that cancel at once (epoll, kqueue).
     */
    @Test
    void aPlainReadCancelledWhileQueuedIsNeverReusedBeforeItsCancelRan() throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            TcpStream[] p = pairs(1).get(0);
            ByteBuffer[] dst = new ByteBuffer[4];
            for (int i = 0; i < dst.length; i++) {
                dst[i] = direct ? ByteBuffer.allocateDirect(4) : ByteBuffer.allocate(4);
            }
            CompletableFuture<Task<Integer>> r3 = new CompletableFuture<>();
            CompletableFuture<Task<Integer>> r2 = new CompletableFuture<>();
            CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
            Task<Integer>[] r01 = await(rt.submit(() -> {
                Task<Integer> r0 = p[1].read(dst[0]);
                Task<Integer> r1 = p[1].read(dst[1]);
                r0.whenComplete((n, e) -> {
                    cancelled.complete(r1.cancel(true));
                    Task<Integer> next = p[1].read(dst[2]);
                    next.whenComplete((n2, e2) -> r3.complete(p[1].read(dst[3])));
                    r2.complete(next);
                });
                @SuppressWarnings("unchecked")
                Task<Integer>[] both = new Task[] {r0, r1};
                return both;
            }));
            byte[] sent = pattern(16, 3);
            await(p[0].write(ByteBuffer.wrap(sent, 0, 12)));
            boolean c = await(cancelled); // under work stealing R1 may have got bytes before the cancel
            List<Task<Integer>> inOrder = c ? List.of(r01[0], await(r2), await(r3))
                    : List.of(r01[0], r01[1], await(r2), await(r3));
            List<ByteBuffer> into = c ? List.of(dst[0], dst[2], dst[3]) : List.of(dst[0], dst[1], dst[2], dst[3]);
            if (!c) {
                sent = java.util.Arrays.copyOf(sent, 16);
                await(p[0].write(ByteBuffer.wrap(sent, 12, 4)));
            } else {
                sent = java.util.Arrays.copyOf(sent, 12);
            }
            ByteBuffer got = ByteBuffer.allocate(sent.length);
            for (int i = 0; i < inOrder.size(); i++) { // reads complete in issue order, each into its own buffer
                int n = await(inOrder.get(i));
                ByteBuffer d = into.get(i).flip();
                assertEquals(n, d.remaining(), "read " + i + " (direct " + direct + ") counted what its buffer got");
                got.put(d);
            }
            while (got.hasRemaining()) { // a read gets at most 4 bytes, fewer if they came apart
                ByteBuffer more = ByteBuffer.allocate(got.remaining());
                await(p[1].read(more));
                got.put(more.flip());
            }
            assertEquals(c ? Task.Status.CANCELLED : Task.Status.SUCCEEDED, r01[1].status());
            assertEquals(4, dst[1].capacity());
            if (c) {
                assertEquals(0, dst[1].position(), "the cancelled read's buffer got nothing");
            }
            assertArrayEquals(sent, got.array(), "R3 (direct " + direct + ") got its bytes: R1's cancel did not"
                    + " withdraw or time it out");
            p[0].close();
            p[1].close();
        }
        assertEquals(0, outstandingAfterSettling());
    }

    /**
     * A reused {@code read(ByteBuffer)} carries neither the timer nor the buffer of the read it was: R1 completes
     * well before its read timeout; R2 (the same object, no read timeout now, another buffer) waits longer than R1's
     * timeout would have been and gets its bytes in its own buffer, R1's left as R1 filled it. Then reuse after a read
     * that timed out (its RECV cancelled, maybe completed late).
     */
    @Test
    void aReusedPlainReadCarriesNoTimerOrBufferOfTheReadItWas() throws Exception {
        for (boolean direct : new boolean[] {false, true}) {
            TcpStream[] p = pairs(1).get(0);
            p[1].setReadTimeout(Duration.ofMillis(150));
            ByteBuffer first = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
            Task<Integer> r1 = p[1].read(first);
            byte[] one = pattern(10, 1);
            await(p[0].write(ByteBuffer.wrap(one)));
            assertEquals(10, (int) await(r1));
            p[1].setReadTimeout(Duration.ZERO);
            ByteBuffer second = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
            Task<Integer> r2 = p[1].read(second);
            Thread.sleep(400);
            assertFalse(r2.isDone(), "no timeout is set: " + r2.status());
            byte[] two = pattern(20, 2);
            await(p[0].write(ByteBuffer.wrap(two)));
            assertEquals(20, (int) await(r2));
            assertArrayEquals(two, bytes(second.flip()));
            assertEquals(10, first.position(), "the first read's buffer is left as it filled it");
            assertArrayEquals(one, bytes(first.flip()));
            p[1].setReadTimeout(Duration.ofMillis(30));
            Task<Integer> timedOut = p[1].read(ByteBuffer.allocate(64));
            ExecutionException e = assertThrows(ExecutionException.class, () -> timedOut.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof java.net.SocketTimeoutException, String.valueOf(e.getCause()));
            p[1].setReadTimeout(Duration.ZERO);
            ByteBuffer after = direct ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
            Task<Integer> r3 = p[1].read(after);
            Thread.sleep(100);
            assertFalse(r3.isDone(), "no timeout is set: " + r3.status());
            await(p[0].write(ByteBuffer.wrap(two)));
            assertEquals(20, (int) await(r3));
            assertArrayEquals(two, bytes(after.flip()));
            p[0].close();
            p[1].close();
        }
        assertEquals(0, outstandingAfterSettling());
    }
}
