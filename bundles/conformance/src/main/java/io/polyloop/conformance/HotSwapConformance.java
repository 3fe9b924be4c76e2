package io.polyloop.conformance;

import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot swap: live handles move between drivers (detach, close, open, adopt) with requests pending on them, and carry
 * on as if nothing happened. A backend module's test extends it and names its provider.
 */
public abstract class HotSwapConformance extends ConformanceSupport {

    /**
     * Whether a CONNECT stays pending until the driver is polled. True for a readiness backend (epoll, kqueue):
     * connect(2) on a non-blocking TCP socket returns EINPROGRESS even on loopback, and the driver learns that the
     * handshake finished from a writable event that only a poll collects. A completion backend may have the result
     * already when it detaches; it then hands the CONNECT over as completed.
     */
    protected boolean connectPendingUntilPolled() {
        return false;
    }

    /**
     * A live connection moves while bytes stream both ways, with a read pending at the first swap and, usually, a
     * partial send pending at later ones. The peer is a {@link BlockingPeer}; both directions are checked byte by byte.
     */
    @Test
    @Timeout(30)
    void detachAdoptKeepsAStreamIntactBothWays() throws Exception {
        long total = 4L << 20;
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            IoHandle c = loop.call(d -> d.openTcp(false));
            CompletableFuture<IoRequest> connected = loop.submitAsync(
                    new IoRequest().connect(c, new InetSocketAddress(LOOPBACK, server.getLocalPort())));
            try (Socket socket = server.accept()) {
                assertEquals(0, LoopHarness.join(connected).result());
                Receiver rx = new Receiver(loop, c, 7, 8192);
                Sender tx = new Sender(loop, c, 8, total, 64 * 1024, true);
                loop.execute(rx::start);

                List<DetachedHandle> first = loop.call(d -> loop.swapDriver());
                assertMoved(first, c, rx.request());

                BlockingPeer peer = new BlockingPeer(socket, total);
                peer.start();
                loop.execute(tx::start);

                int swaps = 1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!(rx.done.isDone() && tx.done.isDone()) && System.nanoTime() < deadline) {
                    sleep(10);
                    loop.call(d -> loop.swapDriver());
                    swaps++;
                }
                assertEquals(total, LoopHarness.join(rx.done), "bytes received across " + swaps + " swaps");
                assertEquals(total, LoopHarness.join(tx.done));
                assertEquals(total, LoopHarness.join(peer.read), "bytes the peer received");
                assertTrue(peer.done.await(10, TimeUnit.SECONDS));
                assertTrue(swaps >= 3, "only " + swaps + " swaps happened mid-stream");
                System.out.println(getClass().getSimpleName() + ": 2 x 4 MiB across " + swaps + " driver swaps");
                assertEquals(0, close(c));
            }
        }
    }

    /**
     * A swap in the same loop step as the CONNECT, to a listener that has not accepted (the kernel completes the
     * handshake on its own): the CONNECT travels pending (or, on a backend that already has its result, completed)
     * and completes exactly once, with 0, on the next driver; the connection then works both ways.
     */
    @Test
    @Timeout(20)
    void swapRightAfterConnectIsSubmitted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            IoHandle c = loop.call(d -> d.openTcp(false));
            IoRequest connect = new IoRequest().connect(c, new InetSocketAddress(LOOPBACK, server.getLocalPort()));
            CompletableFuture<IoRequest> connected = new CompletableFuture<>();
            boolean[] completedAtSwap = new boolean[1];
            List<DetachedHandle> moved = loop.call(d -> {
                loop.submit(connect, connected::complete);
                List<DetachedHandle> m = loop.swapDriver();
                completedAtSwap[0] = connected.isDone(); // a handed-over completion runs right after the adopt
                return m;
            });
            boolean pending = isPendingIn(moved, c, connect);
            assertTrue(pending != completedAtSwap[0], "the CONNECT is either pending or completed at the swap: "
                    + moved + ", completed " + completedAtSwap[0]);
            if (connectPendingUntilPolled()) {
                assertTrue(pending, "no poll ran since connect(2) returned EINPROGRESS: the CONNECT must be pending");
            }
            assertEquals(0, LoopHarness.join(connected).result(), "connect on the adopting driver");
            try (Socket peer = server.accept()) {
                peer.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LoopHarness.TIMEOUT_SECONDS));
                assertEquals(2, sendAll(c, text("hi")));
                assertEquals("hi", readExactly(peer.getInputStream(), 2));
                peer.getOutputStream().write("yo".getBytes(StandardCharsets.UTF_8));
                assertEquals("yo", recvExactly(c, 2));
            }
            assertEquals(0, close(c));
        }
    }

    /**
     * Swaps while the TCP handshake itself is stalled in the kernel. A listener with backlog 1 holds two connections
     * in its accept queue on Linux; further SYNs are dropped while it is full, and their clients stay in SYN_SENT
     * until they retransmit (after 1 s). So of four CONNECTs two complete and two stay pending in every driver they
     * pass through; once the listener accepts, the retransmitted SYNs get through and the CONNECTs complete on the
     * last driver. Takes about a second.
     */
    @Test
    @Timeout(30)
    void swapsWhileTheHandshakeIsStalledInTheKernel() {
        int clients = 4;
        IoHandle listener = loop.call(d -> d.openTcpListener(new InetSocketAddress(LOOPBACK, 0), 1, false));
        InetSocketAddress target = localAddress(listener);
        IoHandle[] c = new IoHandle[clients];
        IoRequest[] connects = new IoRequest[clients];
        List<CompletableFuture<IoRequest>> connected = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            c[i] = loop.call(d -> d.openTcp(false));
            connects[i] = new IoRequest().connect(c[i], target);
            connected.add(loop.submitAsync(connects[i]));
        }
        sleep(300); // the handshakes that fit in the accept queue are done long before
        List<Integer> stalled = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            if (!connected.get(i).isDone()) {
                stalled.add(i);
            }
        }
        Assumptions.assumeFalse(stalled.isEmpty(), "all " + clients + " handshakes to a backlog-1 listener completed:"
                + " this network stack does not drop SYNs on a full accept queue, so no connect can be held pending");

        for (int swap = 0; swap < 3; swap++) {
            List<DetachedHandle> moved = loop.call(d -> loop.swapDriver());
            for (int i : stalled) {
                assertMoved(moved, c[i], connects[i]);
            }
        }
        List<IoHandle> accepted = new ArrayList<>();
        CompletableFuture<Void> allAccepted = new CompletableFuture<>();
        loop.execute(() -> acceptN(listener, new IoRequest(), clients, accepted, allAccepted));
        for (int i = 0; i < clients; i++) {
            assertEquals(0, LoopHarness.join(connected.get(i)).result(), "connect " + i);
            assertEquals(1, sendAll(c[i], ByteBuffer.allocateDirect(1).put(0, (byte) i)));
        }
        LoopHarness.join(allAccepted);
        boolean[] seen = new boolean[clients];
        for (IoHandle a : accepted) {
            ByteBuffer one = ByteBuffer.allocateDirect(1);
            assertEquals(1, loop.io(new IoRequest().recv(a, one)));
            seen[one.get(0)] = true;
            assertEquals(0, close(a));
        }
        for (int i = 0; i < clients; i++) {
            assertTrue(seen[i], "connection " + i + " carried its byte" + (stalled.contains(i) ? " after swaps" : ""));
            assertEquals(0, close(c[i]));
        }
        System.out.println(getClass().getSimpleName() + ": " + stalled.size() + " of " + clients
                + " connects pending in SYN_SENT across 3 swaps");
        assertEquals(0, close(listener));
    }

    private void acceptN(IoHandle listener, IoRequest accept, int left, List<IoHandle> into,
                         CompletableFuture<Void> done) {
        loop.submit(accept.accept(listener), r -> {
            if (r.result() != 0) {
                done.completeExceptionally(new AssertionError("accept: " + r.result()));
                return;
            }
            into.add(r.accepted());
            if (left == 1) {
                done.complete(null);
            } else {
                acceptN(listener, r, left - 1, into, done);
            }
        });
    }

    private static String readExactly(InputStream in, int n) throws Exception {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "bytes before EOF");
        return new String(b, StandardCharsets.UTF_8);
    }
}
