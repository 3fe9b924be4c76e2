package io.polyloop.iocp;

import io.polyloop.conformance.LoopHarness;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What IOCP adds to the conformance kit, over the emulation: calls that succeed at once and queue no packet, a
 * CancelIoEx that loses the race with the completion, and the UDP WSAECONNRESET the driver turns off.
 */
@Timeout(20)
class IocpCompletionSemanticsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private EmulatedWin32 emulation;
    private LoopHarness loop;

    private void start(EmulatedWin32.Config config) {
        emulation = new EmulatedWin32(config);
        loop = new LoopHarness(new IocpBackendProvider(emulation), new DriverOptions("semantics", 64, 1));
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
        if (emulation != null) {
            emulation.shutdown();
        }
    }

    /** A listener on the driver and a plain Java socket connected to it: {driver's end, the peer}. */
    private Object[] acceptPeer() throws IOException {
        IoHandle listener = loop.call(d -> d.openTcpListener(new InetSocketAddress(LOOPBACK, 0), 16, false));
        InetSocketAddress at = loop.call(d -> d.localAddress(listener));
        CompletableFuture<IoRequest> accepted = loop.submitAsync(new IoRequest().accept(listener));
        Socket peer = new Socket(LOOPBACK, at.getPort());
        IoRequest a = LoopHarness.join(accepted);
        assertEquals(0, a.result());
        assertEquals(peer.getLocalSocketAddress(), a.address(), "getpeername after SO_UPDATE_ACCEPT_CONTEXT");
        assertEquals(0, loop.io(new IoRequest().close(listener)));
        return new Object[] {a.accepted(), peer};
    }

    @Test
    void aReceiveThatSucceedsAtOnceQueuesNoPacketAndCompletesOnce() throws Exception {
        start(EmulatedWin32.Config.windows());
        Object[] p = acceptPeer();
        IoHandle h = (IoHandle) p[0];
        try (Socket peer = (Socket) p[1]) {
            peer.getOutputStream().write("ready".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(100); // the bytes are in the socket before the WSARecv
            long skipped = emulation.packetsSkipped();
            ByteBuffer dst = ByteBuffer.allocateDirect(16);
            assertEquals(5, loop.io(new IoRequest().recv(h, dst)), "bytes from OVERLAPPED.InternalHigh");
            assertEquals(skipped + 1, emulation.packetsSkipped(), "succeeded at once: no packet");
            assertEquals("ready", StandardCharsets.UTF_8.decode(dst.limit(5)).toString());
        }
        assertEquals(0, loop.io(new IoRequest().close(h)));
    }

    @Test
    void withoutTheSkipModeTheSamePacketCompletesTheRequestOnce() throws Exception {
        start(EmulatedWin32.Config.layeredProvider());
        Object[] p = acceptPeer();
        IoHandle h = (IoHandle) p[0];
        try (Socket peer = (Socket) p[1]) {
            peer.getOutputStream().write("ready".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(100);
            assertEquals(5, loop.io(new IoRequest().recv(h, ByteBuffer.allocateDirect(16))));
            assertEquals(0, emulation.packetsSkipped(), "a non-IFS provider: the skip mode stays off");
        }
        assertEquals(0, loop.io(new IoRequest().close(h)));
        // LoopHarness.close() fails the test if the request completed twice
    }

    /**
     * The peer's bytes land and the WSARecv completes (its packet is queued) before the loop asks to cancel it:
     * CancelIoEx finds nothing (ERROR_NOT_FOUND), cancel() still answers true, and the request completes with the
     * bytes, not -ECANCELED.
     */
    @Test
    void aCancelThatLosesTheRaceDeliversTheData() throws Exception {
        start(EmulatedWin32.Config.windows());
        Object[] p = acceptPeer();
        IoHandle h = (IoHandle) p[0];
        try (Socket peer = (Socket) p[1]) {
            ByteBuffer dst = ByteBuffer.allocateDirect(16);
            IoRequest read = new IoRequest().recv(h, dst);
            CompletableFuture<IoRequest> done = new CompletableFuture<>();
            boolean cancelled = loop.call(d -> {
                loop.submit(read, done::complete);
                long packets = emulation.packetsQueued();
                peer.getOutputStream().write("raced".getBytes(StandardCharsets.UTF_8));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (emulation.packetsQueued() == packets && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // the emulated kernel completes the WSARecv on its own thread
                }
                assertTrue(emulation.packetsQueued() > packets, "the receive completed in the kernel");
                return d.cancel(read);
            });
            assertTrue(cancelled, "still submitted as far as the loop knows");
            assertEquals(5, LoopHarness.join(done).result(), "the data is delivered, not dropped");
            assertEquals("raced", StandardCharsets.UTF_8.decode(dst.limit(5)).toString());
        }
        assertEquals(0, loop.io(new IoRequest().close(h)));
    }

    /**
     * SIO_UDP_CONNRESET page: a datagram to a port nobody listens on draws an ICMP port unreachable, which by default
     * fails the next WSARecvFrom with WSAECONNRESET. The driver turns that off, so a receive after such a send still
     * gets the next datagram.
     */
    @Test
    void anIcmpPortUnreachableDoesNotFailTheNextReceive() throws Exception {
        start(EmulatedWin32.Config.windows());
        IoHandle udp = loop.call(d -> d.openUdp(new InetSocketAddress(LOOPBACK, 0)));
        assertEquals(HandleKind.UDP, udp.kind());
        InetSocketAddress me = loop.call(d -> d.localAddress(udp));
        int dead;
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            dead = s.getLocalPort();
        }
        assertEquals(4, loop.io(new IoRequest().sendTo(udp, ByteBuffer.allocateDirect(4), new InetSocketAddress(LOOPBACK, dead))));
        CompletableFuture<IoRequest> rx = loop.submitAsync(new IoRequest().recvFrom(udp, ByteBuffer.allocateDirect(64)));
        try (DatagramSocket peer = new DatagramSocket(0, LOOPBACK)) {
            peer.send(new java.net.DatagramPacket(new byte[] {1, 2, 3}, 3, me));
            IoRequest got = LoopHarness.join(rx);
            assertEquals(3, got.result(), "not -ECONNRESET");
            assertEquals(peer.getLocalSocketAddress(), got.address());
        }
        assertEquals(0, loop.io(new IoRequest().close(udp)));
    }

    /** The same send without the driver's SIO_UDP_CONNRESET: the emulation reports what Windows does by default. */
    @Test
    void theEmulationReportsWsaeconnresetByDefault() throws Exception {
        emulation = new EmulatedWin32();
        RawWinsock raw = new RawWinsock(emulation);
        try {
            long s = raw.udpSocket();
            int dead;
            try (DatagramSocket d = new DatagramSocket(0, LOOPBACK)) {
                dead = d.getLocalPort();
            }
            assertEquals(0, raw.sendTo(s, new InetSocketAddress(LOOPBACK, dead)));
            assertEquals(WinConstants.WSAECONNRESET, raw.recvFromError(s));
        } finally {
            raw.free();
        }
    }

    static String read(InputStream in, int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
