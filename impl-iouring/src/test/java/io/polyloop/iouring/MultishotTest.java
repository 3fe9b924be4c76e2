package io.polyloop.iouring;

import io.polyloop.conformance.LoopHarness;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multishot ACCEPT and RECV behind the one-completion-per-request SPI: bytes received ahead of small RECVs are kept
 * and handed out in order, a reader that lags waits on single-shot POLLs and is filled by recv(2) until it drains the
 * socket, a tiny buffer ring runs dry (ENOBUFS) and the op is armed again, connections accepted ahead of their ACCEPTs
 * wait in the backlog, what was received travels across io_uring -> epoll -> io_uring swaps, the toggle forces
 * single-shot ops, and descriptors return to their count.
 */
class MultishotTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final MultishotConfig DEFAULT = new MultishotConfig(true, true, 64, 16 * 1024);
    /** Two buffers of 64 bytes: any burst runs the ring dry. */
    private static final MultishotConfig TINY = new MultishotConfig(true, true, 2, 64);

    @BeforeEach
    void available() {
        Assumptions.assumeTrue(MultishotProvider.REAL.probe().isAvailable(),
                () -> MultishotProvider.REAL.probe().toString());
        Capabilities c = MultishotProvider.REAL.capabilities();
        Assumptions.assumeTrue(c.multishotAccept() && c.multishotRecv(), "kernel without multishot: " + c);
    }

    private static LoopHarness loop(MultishotConfig config) {
        return new LoopHarness(new MultishotProvider(config), new DriverOptions("multishot", 64, 1));
    }

    /** {client, server} pairs accepted one by one; the listener is closed again. */
    private static List<IoHandle[]> pairs(LoopHarness loop, int n) {
        IoHandle listener = loop.call(d -> d.openTcpListener(new InetSocketAddress(LOOPBACK, 0), 64, false));
        InetSocketAddress target = loop.call(d -> d.localAddress(listener));
        List<IoHandle[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IoHandle c = loop.call(d -> d.openTcp(false));
            CompletableFuture<IoRequest> a = loop.submitAsync(new IoRequest().accept(listener));
            assertEquals(0, loop.io(new IoRequest().connect(c, target)));
            out.add(new IoHandle[] {c, LoopHarness.join(a).accepted()});
        }
        assertEquals(0, loop.io(new IoRequest().close(listener)));
        return out;
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 8));
        }
        return b;
    }

    private static void sendAll(LoopHarness loop, IoHandle h, byte[] data) {
        ByteBuffer src = ByteBuffer.allocateDirect(data.length).put(data).flip();
        while (src.hasRemaining()) {
            int n = loop.io(new IoRequest().send(h, src));
            assertTrue(n > 0, "send returned " + n);
            src.position(src.position() + n);
        }
    }

    /** Reads exactly {@code n} bytes with RECVs of at most {@code chunk} bytes (the buffer's position is ours). */
    private static byte[] recvAll(LoopHarness loop, IoHandle h, int n, int chunk) {
        ByteBuffer dst = ByteBuffer.allocateDirect(n);
        while (dst.hasRemaining()) {
            ByteBuffer window = dst.slice(dst.position(), Math.min(chunk, dst.remaining()));
            int r = loop.io(new IoRequest().recv(h, window));
            assertTrue(r > 0, "recv returned " + r + " after " + dst.position() + " of " + n);
            dst.position(dst.position() + r);
        }
        byte[] out = new byte[n];
        dst.flip().get(out);
        return out;
    }

    private static Multishot multishot(LoopHarness loop) {
        return loop.call(d -> ((IoUringDriver) d).multishot());
    }

    private static Feed feed(LoopHarness loop, IoHandle h) {
        return loop.call(d -> ((HandleState) h.driverState()).feed);
    }

    private static int heldBuffers(LoopHarness loop) {
        return loop.call(d -> ((IoUringDriver) d).multishot().buffers().heldCount());
    }

    /** Waits until {@code h}'s feed has a multishot RECV in the kernel. */
    private static void awaitMultishotArmed(LoopHarness loop, IoHandle h) throws InterruptedException {
        await(loop, "multishot armed", () -> {
            Feed f = ((HandleState) h.driverState()).feed;
            return f != null && f.armed != 0 && f.armedMultishot;
        });
    }

    /** Waits until {@code h}'s feed filled past its cap, its multishot op was cancelled and it is marked lagging. */
    private static void awaitLagging(LoopHarness loop, IoHandle h) throws InterruptedException {
        await(loop, "the feed full and lagging", () -> {
            Feed f = ((HandleState) h.driverState()).feed;
            return f.lagging && f.armed == 0 && f.full();
        });
    }

    private static void await(LoopHarness loop, String what, BooleanSupplier onLoop) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!loop.call(d -> onLoop.getAsBoolean())) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    @Timeout(30)
    void bytesReceivedAheadAreKeptForSmallReadsInOrder() throws Exception {
        try (LoopHarness loop = loop(DEFAULT)) {
            IoHandle[] p = pairs(loop, 1).get(0);
            byte[] first = pattern(100, 1);
            ByteBuffer seven = ByteBuffer.allocateDirect(7);
            CompletableFuture<IoRequest> r0 = loop.submitAsync(new IoRequest().recv(p[1], seven)); // arms the op
            sendAll(loop, p[0], first);
            assertEquals(7, LoopHarness.join(r0).result(), "a RECV takes what it has room for");
            await(loop, "93 bytes kept", () -> ((HandleState) p[1].driverState()).feed.leftoverBytes() == 93);
            assertEquals(1, heldBuffers(loop), "the 93 bytes stay in their provided buffer, not copied out");
            byte[] later = pattern(50_000, 2);
            sendAll(loop, p[0], later); // appended behind the kept bytes while no RECV waits
            // with no RECV waiting the op is cancelled once the kept bytes pass the cap: what has not been received
            // yet waits in the socket, under TCP flow control
            await(loop, "the cap reached and the op cancelled", () -> {
                Feed f = ((HandleState) p[1].driverState()).feed;
                return f.leftoverBytes() >= Feed.LEFTOVER_SOFT_MAX && f.armed == 0;
            });
            // (on loopback the 50 000 bytes usually arrive in one batch of CQEs, all kept: what was reaped goes in)
            System.out.println("kept ahead of any RECV: "
                    + loop.call(d -> ((HandleState) p[1].driverState()).feed.leftoverBytes()) + " bytes");
            byte[] got = recvAll(loop, p[1], 93 + 50_000, 13);
            byte[] want = new byte[93 + 50_000];
            System.arraycopy(first, 7, want, 0, 93);
            System.arraycopy(later, 0, want, 93, later.length);
            assertArrayEquals(want, got, "byte-exact across 13-byte reads");
            assertEquals(0, heldBuffers(loop), "every held buffer went back to the ring once read");
            for (int i = 0; i < 7; i++) {
                assertEquals(first[i], seven.get(i));
            }
            // the kept bytes are used up: the next RECV that waits arms the op again
            CompletableFuture<IoRequest> r5 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(64)));
            await(loop, "armed again", () -> ((HandleState) p[1].driverState()).feed.armed != 0);
            sendAll(loop, p[0], pattern(5, 3));
            assertEquals(5, LoopHarness.join(r5).result());
            // end of stream: every RECV then completes with 0
            assertEquals(0, loop.io(new IoRequest().close(p[0])));
            assertEquals(0, loop.io(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(8))));
            assertEquals(0, loop.io(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(8))));
        }
    }

    @Test
    @Timeout(30)
    void aReaderThatLagsGetsOneSingleShotRecvPerReadUntilItDrainsTheSocket() throws Exception {
        try (LoopHarness loop = loop(DEFAULT)) {
            IoHandle[] p = pairs(loop, 1).get(0);
            CompletableFuture<IoRequest> r0 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(10)));
            awaitMultishotArmed(loop, p[1]);
            int n = 400_000;
            byte[] data = pattern(n, 7);
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> sendAll(loop, p[0], data));
            assertEquals(10, LoopHarness.join(r0).result());
            // no RECV waits: the feed fills past the cap, the multishot op is cancelled, the stream is marked lagging
            awaitLagging(loop, p[1]);
            long before = multishot(loop).lagArms();
            byte[] got = recvAll(loop, p[1], n - 10, 16 * 1024);
            sender.join();
            byte[] want = new byte[n - 10];
            System.arraycopy(data, 10, want, 0, want.length);
            assertArrayEquals(want, got, "byte-exact");
            // still lagging unless a read already drained the socket: the next RECV waits on a single-shot POLL
            boolean stillLagging = loop.call(d -> ((HandleState) p[1].driverState()).feed.lagging);
            CompletableFuture<IoRequest> r1 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(64)));
            await(loop, "a RECV armed", () -> ((HandleState) p[1].driverState()).feed.armed != 0);
            boolean armedMultishot = loop.call(d -> ((HandleState) p[1].driverState()).feed.armedMultishot);
            assertFalse(stillLagging && armedMultishot, "a lagging stream's RECV waits on a single-shot POLL");
            long lagArms = multishot(loop).lagArms() - before;
            System.out.println("POLLs while lagging: " + lagArms);
            assertTrue(lagArms > 0, "once the kept bytes were read, reads waited on single-shot POLLs");
            sendAll(loop, p[0], pattern(5, 8));
            assertEquals(5, LoopHarness.join(r1).result());
            CompletableFuture<IoRequest> r2 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(64)));
            await(loop, "multishot armed again", () -> {
                Feed f = ((HandleState) p[1].driverState()).feed;
                return !f.lagging && f.armed != 0 && f.armedMultishot;
            });
            sendAll(loop, p[0], pattern(3, 9));
            assertEquals(3, LoopHarness.join(r2).result());
            assertEquals(0, heldBuffers(loop), "no buffer left out of the ring");
        }
    }

    @Test
    @Timeout(30)
    void aLaggingStreamPollsAndEachReadIsFilledStraightFromTheSocket() throws Exception {
        try (LoopHarness loop = loop(DEFAULT)) {
            IoHandle[] p = pairs(loop, 1).get(0);
            CompletableFuture<IoRequest> r0 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(10)));
            awaitMultishotArmed(loop, p[1]);
            int first = 400_000;
            int n = 3_000_000;
            byte[] data = pattern(n, 11);
            sendAll(loop, p[0], Arrays.copyOf(data, first));
            assertEquals(10, LoopHarness.join(r0).result());
            awaitLagging(loop, p[1]);
            int kept = loop.call(d -> ((HandleState) p[1].driverState()).feed.leftoverBytes());
            // the rest arrives while nothing is armed: it waits in the socket for the lagging stream's RECVs
            CompletableFuture<Void> sender = CompletableFuture.runAsync(
                    () -> sendAll(loop, p[0], Arrays.copyOfRange(data, first, n)));
            long arms0 = multishot(loop).lagArms();
            long readOns0 = multishot(loop).readOns();
            byte[] got = recvAll(loop, p[1], n - 10, 64 * 1024);
            sender.join();
            byte[] want = new byte[n - 10];
            System.arraycopy(data, 10, want, 0, want.length);
            assertArrayEquals(want, got, "byte-exact");
            long arms = multishot(loop).lagArms() - arms0;
            long readOns = multishot(loop).readOns() - readOns0;
            int viaRecvs = n - 10 - kept;
            System.out.println("lagging: " + arms + " POLLs, " + readOns + " recv(2), " + viaRecvs + " bytes");
            assertTrue(readOns > 0, "a fired POLL's read is filled by recv(2)");
            assertTrue(viaRecvs > arms * DEFAULT.bufferSize(),
                    "reads brought more than one provided buffer each: " + viaRecvs + " bytes by " + arms + " POLLs");
            // the end of the stream after that still reaches the reader, once
            assertEquals(0, loop.io(new IoRequest().close(p[0])));
            assertEquals(0, loop.io(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(64 * 1024))));
            assertEquals(0, heldBuffers(loop), "no buffer left out of the ring");
        }
    }

    @Test
    @Timeout(30)
    void aLaggingStreamsPollServesARecvWithNoRoomAndEndsTheLagOnAShortRead() throws Exception {
        try (LoopHarness loop = loop(DEFAULT)) {
            IoHandle[] p = pairs(loop, 1).get(0);
            CompletableFuture<IoRequest> r0 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(10)));
            sendAll(loop, p[0], pattern(10, 5));
            assertEquals(10, LoopHarness.join(r0).result());
            // take the multishot op away and mark the stream lagging, as a full feed does
            loop.call(d -> {
                ((IoUringDriver) d).multishot().cancel((HandleState) p[1].driverState());
                return null;
            });
            await(loop, "the op ended", () -> ((HandleState) p[1].driverState()).feed.armed == 0);
            loop.call(d -> ((HandleState) p[1].driverState()).feed.lagging = true);
            byte[] data = pattern(50, 6);
            sendAll(loop, p[0], data);
            assertEquals(0, loop.io(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(8).position(8))),
                    "a RECV with no room gets 0 bytes when the POLL fires");
            ByteBuffer dst = ByteBuffer.allocateDirect(64);
            assertEquals(50, loop.io(new IoRequest().recv(p[1], dst)), "the next is filled by recv(2)");
            byte[] got = new byte[50];
            dst.get(0, got);
            assertArrayEquals(data, got);
            boolean lagging = loop.call(d -> ((HandleState) p[1].driverState()).feed.lagging);
            assertFalse(lagging, "less than a provided buffer was waiting: the lag is over");
            CompletableFuture<IoRequest> r3 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(64)));
            await(loop, "multishot armed again", () -> {
                Feed f = ((HandleState) p[1].driverState()).feed;
                return f.armed != 0 && f.armedMultishot && !f.armedPoll;
            });
            sendAll(loop, p[0], pattern(3, 7));
            assertEquals(3, LoopHarness.join(r3).result());
        }
    }

    @Test
    @Timeout(30)
    void tinyBufferRingRunsDryAndTheOpIsArmedAgain() {
        try (LoopHarness loop = loop(TINY)) {
            List<IoHandle[]> p = pairs(loop, 3);
            int n = 200_000;
            List<CompletableFuture<byte[]>> readers = new ArrayList<>();
            for (int i = 0; i < p.size(); i++) {
                IoHandle server = p.get(i)[1];
                readers.add(CompletableFuture.supplyAsync(() -> recvAll(loop, server, n, 1000)));
            }
            for (int i = 0; i < p.size(); i++) {
                sendAll(loop, p.get(i)[0], pattern(n, 10 + i));
            }
            for (int i = 0; i < p.size(); i++) {
                assertArrayEquals(pattern(n, 10 + i), readers.get(i).join(), "connection " + i + " byte-exact");
            }
            Multishot m = multishot(loop);
            System.out.println("tiny ring: " + m.enobufs() + " ENOBUFS, " + m.rearms() + " re-arms");
            assertTrue(m.recvEnabled(), "multishot RECV stayed on");
            assertTrue(m.enobufs() > 0, "2 buffers of 64 bytes ran dry at least once");
            assertTrue(m.rearms() > 0, "and the op was armed again");
        }
    }

    @Test
    @Timeout(30)
    void connectionsAcceptedAheadWaitInTheBacklog() throws Exception {
        try (LoopHarness loop = loop(DEFAULT)) {
            IoHandle listener = loop.call(d -> d.openTcpListener(new InetSocketAddress(LOOPBACK, 0), 64, false));
            InetSocketAddress target = loop.call(d -> d.localAddress(listener));
            // one ACCEPT arms the multishot; then 10 clients connect with no ACCEPT waiting
            CompletableFuture<IoRequest> first = loop.submitAsync(new IoRequest().accept(listener));
            int clients = 11;
            Set<InetSocketAddress> locals = new HashSet<>();
            List<IoHandle> cs = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                IoHandle c = loop.call(d -> d.openTcp(false));
                assertEquals(0, loop.io(new IoRequest().connect(c, target)));
                locals.add(loop.call(d -> d.localAddress(c)));
                cs.add(c);
            }
            assertEquals(0, LoopHarness.join(first).result());
            await(loop, "10 in the backlog", () -> ((HandleState) listener.driverState()).feed.backlogSize() == 10);
            Set<InetSocketAddress> peers = new HashSet<>();
            peers.add(LoopHarness.join(first).address());
            for (int i = 1; i < clients; i++) {
                IoRequest a = new IoRequest().accept(listener);
                assertEquals(0, loop.io(a));
                assertEquals(HandleKind.TCP_STREAM, a.accepted().kind());
                peers.add(a.address());
                // the accepted handle works
                ByteBuffer one = ByteBuffer.allocateDirect(1).put(0, (byte) i);
                assertEquals(1, loop.io(new IoRequest().send(a.accepted(), one)));
                ByteBuffer in = ByteBuffer.allocateDirect(1);
                assertEquals(1, loop.io(new IoRequest().recv(cs.get(i), in)));
            }
            assertEquals(locals, peers, "each client accepted once, its address from getpeername");
            // CLOSE of a listener with connections in the backlog closes them
            IoHandle late = loop.call(d -> d.openTcp(false));
            assertEquals(0, loop.io(new IoRequest().connect(late, target)));
            await(loop, "1 in the backlog", () -> ((HandleState) listener.driverState()).feed.backlogSize() == 1);
            assertEquals(0, loop.io(new IoRequest().close(listener)));
            assertEquals(0, loop.io(new IoRequest().recv(late, ByteBuffer.allocateDirect(8))),
                    "the client of a connection shed with its listener sees the end of the stream");
        }
    }

    @Test
    @Timeout(60)
    void hotSwapMidStreamCarriesKeptBytesAndBacklog() throws Exception {
        AlternatingProvider swapping = new AlternatingProvider(new MultishotProvider(DEFAULT),
                new EpollBackendProvider());
        try (LoopHarness loop = new LoopHarness(swapping, new DriverOptions("swap", 64, 1))) {
            IoHandle listener = loop.call(d -> d.openTcpListener(new InetSocketAddress(LOOPBACK, 0), 64, false));
            InetSocketAddress target = loop.call(d -> d.localAddress(listener));
            CompletableFuture<IoRequest> a0 = loop.submitAsync(new IoRequest().accept(listener));
            IoHandle c0 = loop.call(d -> d.openTcp(false));
            assertEquals(0, loop.io(new IoRequest().connect(c0, target)));
            IoHandle s0 = LoopHarness.join(a0).accepted();
            IoHandle c1 = loop.call(d -> d.openTcp(false));
            assertEquals(0, loop.io(new IoRequest().connect(c1, target)));
            await(loop, "c1 in the backlog", () -> ((HandleState) listener.driverState()).feed.backlogSize() == 1);

            int total = 1 << 20;
            byte[] data = pattern(total, 7);
            ByteBuffer got = ByteBuffer.allocate(total);
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> sendAll(loop, c0, data));
            int swaps = 0;
            while (got.hasRemaining()) {
                if (got.position() > swaps * (total / 12) && swaps < 11) {
                    boolean kept = loop.call(d -> d instanceof IoUringDriver
                            && ((HandleState) s0.driverState()).feed != null
                            && ((HandleState) s0.driverState()).feed.hasLeftover());
                    loop.call(d -> loop.swapDriver());
                    swaps++;
                    if (kept) {
                        System.out.println("swap " + swaps + " carried kept bytes");
                    }
                }
                byte[] part = recvAll(loop, s0, Math.min(997, got.remaining()), 997);
                got.put(part);
            }
            sender.join();
            assertArrayEquals(data, got.array(), "byte-exact across " + swaps + " io_uring <-> epoll swaps");
            assertTrue(swaps >= 2);
            // the connection accepted ahead by io_uring reached whichever driver holds the listener now
            IoRequest a1 = new IoRequest().accept(listener);
            assertEquals(0, loop.io(a1));
            assertEquals(loop.call(d -> d.localAddress(c1)), a1.address());
            assertEquals(1, loop.io(new IoRequest().send(a1.accepted(), ByteBuffer.allocateDirect(1))));
            assertEquals(1, loop.io(new IoRequest().recv(c1, ByteBuffer.allocateDirect(1))));
        }
    }

    @Test
    @Timeout(30)
    void aReadWaitingOnALaggingStreamsPollTravelsToEpollAndGetsItsBytes() throws Exception {
        AlternatingProvider swapping = new AlternatingProvider(new MultishotProvider(DEFAULT),
                new EpollBackendProvider());
        try (LoopHarness loop = new LoopHarness(swapping, new DriverOptions("swap", 64, 1))) {
            IoHandle[] p = pairs(loop, 1).get(0);
            CompletableFuture<IoRequest> r0 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(10)));
            sendAll(loop, p[0], pattern(10, 3));
            assertEquals(10, LoopHarness.join(r0).result());
            loop.call(d -> {
                ((IoUringDriver) d).multishot().cancel((HandleState) p[1].driverState());
                return null;
            });
            await(loop, "the op ended", () -> ((HandleState) p[1].driverState()).feed.armed == 0);
            loop.call(d -> ((HandleState) p[1].driverState()).feed.lagging = true);
            ByteBuffer dst = ByteBuffer.allocateDirect(64);
            CompletableFuture<IoRequest> r1 = loop.submitAsync(new IoRequest().recv(p[1], dst));
            await(loop, "the read waits on a POLL", () -> {
                Feed f = ((HandleState) p[1].driverState()).feed;
                return f.armed != 0 && f.armedPoll;
            });
            loop.call(d -> loop.swapDriver()); // the POLL is cancelled; the read, not started, moves to epoll
            assertEquals("epoll", loop.call(d -> d.backendName()));
            assertFalse(r1.isDone(), "the read still waits, on epoll now");
            byte[] data = pattern(40, 4);
            sendAll(loop, p[0], data);
            assertEquals(40, LoopHarness.join(r1).result());
            byte[] got = new byte[40];
            dst.get(0, got);
            assertArrayEquals(data, got, "its bytes arrive whole on the next driver");
        }
    }

    @Test
    @Timeout(30)
    void keptBytesTravelToEpollAndBack() throws Exception {
        AlternatingProvider swapping = new AlternatingProvider(new MultishotProvider(DEFAULT),
                new EpollBackendProvider());
        try (LoopHarness loop = new LoopHarness(swapping, new DriverOptions("swap", 64, 1))) {
            IoHandle[] p = pairs(loop, 1).get(0);
            byte[] data = pattern(100, 9);
            CompletableFuture<IoRequest> r0 = loop.submitAsync(new IoRequest().recv(p[1], ByteBuffer.allocateDirect(7)));
            sendAll(loop, p[0], data);
            assertEquals(7, LoopHarness.join(r0).result());
            await(loop, "93 bytes kept", () -> ((HandleState) p[1].driverState()).feed.leftoverBytes() == 93);
            loop.call(d -> loop.swapDriver());
            assertEquals("epoll", loop.call(d -> d.backendName()));
            byte[] part = recvAll(loop, p[1], 40, 11); // served from the carried bytes by epoll
            loop.call(d -> loop.swapDriver()); // and the 53 epoll did not serve go back to io_uring
            assertEquals(IoUringBackendProvider.NAME, loop.call(d -> d.backendName()));
            byte[] rest = recvAll(loop, p[1], 53, 5);
            byte[] want = Arrays.copyOfRange(data, 7, 100);
            byte[] both = new byte[93];
            System.arraycopy(part, 0, both, 0, 40);
            System.arraycopy(rest, 0, both, 40, 53);
            assertArrayEquals(want, both, "byte-exact through io_uring -> epoll -> io_uring");
        }
    }

    @Test
    @Timeout(30)
    void aFedRecvIsCancelledAtOnceAndItsBufferIsNeverWritten() throws Exception {
        try (LoopHarness loop = loop(DEFAULT)) {
            boolean atOnce = loop.call(IoDriver::cancelsAtOnce);
            assertTrue(atOnce, "RECVs fed from the buffer ring cancel at once");
            IoHandle[] p = pairs(loop, 1).get(0);
            ByteBuffer mine = ByteBuffer.allocateDirect(64);
            IoRequest r = new IoRequest().recv(p[1], mine);
            CompletableFuture<IoRequest> done = loop.submitAsync(r); // arms the multishot op, then waits on it
            await(loop, "armed", () -> ((HandleState) p[1].driverState()).feed.armed != 0);
            boolean cancelled = loop.call(d -> d.cancel(r) && r.isCompleted());
            assertTrue(cancelled, "completed before cancel returned");
            assertEquals(-Errno.ECANCELED, LoopHarness.join(done).result());
            byte[] data = pattern(40, 9);
            sendAll(loop, p[0], data);
            assertArrayEquals(data, recvAll(loop, p[1], data.length, 64), "the bytes go to the next RECV");
            for (int i = 0; i < mine.capacity(); i++) {
                assertEquals(0, mine.get(i), "the cancelled RECV's buffer was written at " + i);
            }
            // a RECV served from bytes already received completes inside submit
            sendAll(loop, p[0], data);
            await(loop, "40 bytes kept", () -> ((HandleState) p[1].driverState()).feed.leftoverBytes() == 40);
            IoRequest now = new IoRequest().recv(p[1], ByteBuffer.allocateDirect(64));
            CompletableFuture<IoRequest> f = new CompletableFuture<>();
            boolean inSubmit = loop.call(d -> {
                loop.submit(now, f::complete);
                return now.isCompleted();
            });
            assertTrue(inSubmit, "served inside submit");
            assertEquals(40, LoopHarness.join(f).result());
        }
        DriverOptions off = new DriverOptions("single", 64, 1, Map.of(IoUringBackendProvider.MULTISHOT, false));
        try (LoopHarness loop = new LoopHarness(MultishotProvider.REAL, off)) {
            boolean atOnce = loop.call(IoDriver::cancelsAtOnce);
            assertFalse(atOnce, "single-shot RECVs hand the caller's buffer to the kernel");
        }
    }

    @Test
    @Timeout(30)
    void theToggleForcesSingleShot() {
        DriverOptions off = new DriverOptions("single", 64, 1, Map.of(IoUringBackendProvider.MULTISHOT, false));
        try (LoopHarness loop = new LoopHarness(MultishotProvider.REAL, off)) {
            IoHandle[] p = pairs(loop, 1).get(0);
            byte[] data = pattern(30_000, 4);
            CompletableFuture<byte[]> r = CompletableFuture.supplyAsync(() -> recvAll(loop, p[1], data.length, 999));
            sendAll(loop, p[0], data);
            assertArrayEquals(data, r.join());
            assertNull(feed(loop, p[1]), "no multishot side on the stream");
            Multishot m = multishot(loop);
            assertFalse(m.recvEnabled());
            assertFalse(m.acceptEnabled());
            assertEquals(0, m.armedCount());
        }
        try (LoopHarness loop = new LoopHarness(MultishotProvider.REAL, new DriverOptions("multi", 64, 1))) {
            Multishot m = multishot(loop);
            assertTrue(m.recvEnabled() && m.acceptEnabled(), "on by default where the kernel has it");
        }
    }

    @Test
    @Timeout(60)
    void fdCountReturnsToItsStart() throws Exception {
        churn();
        int before = openFds();
        for (int round = 0; round < 3; round++) {
            churn();
        }
        assertEquals(before, openFds(), "open fds after 3 driver lifetimes with multishot ops, backlog and swaps");
    }

    private static void churn() throws Exception {
        AlternatingProvider swapping = new AlternatingProvider(new MultishotProvider(TINY),
                new MultishotProvider(DEFAULT));
        try (LoopHarness loop = new LoopHarness(swapping, new DriverOptions("churn", 64, 1))) {
            IoHandle listener = loop.call(d -> d.openTcpListener(new InetSocketAddress(LOOPBACK, 0), 64, false));
            InetSocketAddress target = loop.call(d -> d.localAddress(listener));
            CompletableFuture<IoRequest> a = loop.submitAsync(new IoRequest().accept(listener));
            List<IoHandle> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                IoHandle c = loop.call(d -> d.openTcp(false));
                assertEquals(0, loop.io(new IoRequest().connect(c, target)));
                clients.add(c);
            }
            IoHandle s = LoopHarness.join(a).accepted();
            assertNotNull(s);
            loop.submitAsync(new IoRequest().recv(s, ByteBuffer.allocateDirect(4))); // arms; gets 4 of 300
            sendAll(loop, clients.get(0), pattern(300, 5));
            await(loop, "bytes kept", () -> {
                Feed f = ((HandleState) s.driverState()).feed;
                return f != null && f.leftoverBytes() > 0;
            });
            loop.call(d -> loop.swapDriver()); // kept bytes, backlog and the armed ops move
            loop.submitAsync(new IoRequest().recv(s, ByteBuffer.allocateDirect(4))); // left pending at close
        }
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
