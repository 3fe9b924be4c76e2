package io.polyloop.conformance;

import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TCP streams: accept, connect, echo, partial and gathering sends, half-close, refusal and reset, over 127.0.0.1 and
 * ::1. A backend module's test extends it and names its provider.
 */
public abstract class StreamConformance extends ConformanceSupport {

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
    void ipv6LoopbackEcho() {
        assumeIpv6Loopback();
        IoHandle listener = listen(IPV6_LOOPBACK);
        assertTrue(listener.isIpv6());
        IoHandle[] p = connect(listener);
        assertTrue(p[0].isIpv6() && p[1].isIpv6(), "both ends are IPv6 sockets");
        InetSocketAddress client = localAddress(p[0]);
        assertEquals(IPV6_LOOPBACK, client.getAddress());
        assertEquals(client, loop.call(d -> d.remoteAddress(p[1])), "the accepted end sees the client");
        assertEquals(localAddress(listener), loop.call(d -> d.remoteAddress(p[0])));
        loop.execute(() -> new EchoSession(loop, p[1]).start());
        assertEquals(6, sendAll(p[0], text("hello6")));
        assertEquals("hello6", recvExactly(p[0], 6));
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
        smallSendBuffer(p[0]);
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

    /**
     * SEND_VECTORED over buffers of mixed sizes, some starting past position 0, one empty, and rounds of more buffers
     * than Linux's IOV_MAX (1024): every partial send is resumed by the caller and the receiver checks each byte.
     */
    @Test
    @Timeout(20)
    void gatheringSendResumesPartialSendsByteExact() {
        IoHandle[] p = pair();
        smallSendBuffer(p[0]);
        long total = 4L << 20;
        VectoredSender tx = new VectoredSender(loop, p[0], 77, total);
        Receiver rx = new Receiver(loop, p[1], 77, 6000);
        loop.execute(() -> {
            rx.start();
            tx.start();
        });
        assertEquals(total, LoopHarness.join(tx.done));
        assertEquals(total, LoopHarness.join(rx.done), "every byte arrived, in order (checked as received)");
        assertTrue(tx.partials() > 0, "a 4 KiB send buffer forces partial gathering sends");
        System.out.println(getClass().getSimpleName() + ": 4 MiB gathered in " + tx.requests() + " SEND_VECTORED, "
                + tx.partials() + " partial");
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    /**
     * A small send buffer forces partial sends; the receive buffer stays default (a tiny one makes TCP crawl on
     * delayed ACKs and window updates, which tests the kernel rather than the driver).
     */
    private void smallSendBuffer(IoHandle h) {
        loop.call(d -> {
            d.setOption(h, StandardSocketOptions.SO_SNDBUF, 4096);
            return null;
        });
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
}
