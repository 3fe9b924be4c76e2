package io.polyloop.kqueue;

import io.polyloop.spi.CarriedInput;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * adopt serves {@link CarriedInput} (what a previous driver had taken from the kernel and not delivered, as io_uring's
 * multishot RECV and ACCEPT do) before the socket is read: carried connections before the ones in the kernel's accept
 * queue, carried bytes before the socket's, the carried error after the bytes, and what is left of it travels on at
 * the next detach. On the emulation of macOS and of FreeBSD, with real loopback peers.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
@Timeout(30)
class KqueueCarriedInputTest {
    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final DriverOptions OPTIONS = new DriverOptions("carried", 64, 1);

    private final List<IoRequest> done = new ArrayList<>();

    @Test
    void macosServesCarriedAcceptsAndBytesFirst() throws Exception {
        carriedAcceptsAndBytesFirst(KeventAbi.DARWIN);
    }

    @Test
    void freebsdServesCarriedAcceptsAndBytesFirst() throws Exception {
        carriedAcceptsAndBytesFirst(KeventAbi.FREEBSD);
    }

    @Test
    void carriedErrorComesAfterTheCarriedBytesAndOnce() throws Exception {
        KqueueEmulation os = new KqueueEmulation(KeventAbi.DARWIN);
        KqueueBackendProvider provider = new KqueueBackendProvider(KeventAbi.DARWIN, os);
        IoDriver a = provider.open(OPTIONS);
        IoDriver b = null;
        IoHandle listener = a.openTcpListener(ANY, 8, false);
        try (Socket peer = new Socket()) {
            peer.connect(a.localAddress(listener));
            IoHandle z = await(a, new IoRequest().accept(listener)).accepted();
            DriverHandoff out = a.detach();
            a.close(done::add);
            a = null;
            CarriedInput carried = new CarriedInput(ascii("last"), List.of(), -Errno.ECONNRESET);
            b = provider.open(OPTIONS);
            b.adopt(withCarried(out.handles(), z, carried));

            assertEquals("last", recvText(b, z, 64), "the carried bytes first");
            assertEquals(-Errno.ECONNRESET, await(b, new IoRequest().recv(z, ByteBuffer.allocateDirect(64))).result(),
                    "then the carried error");
            peer.getOutputStream().write("more".getBytes(StandardCharsets.US_ASCII));
            assertEquals("more", recvText(b, z, 64), "the error is reported once, then the socket is read");
            assertEquals(0, os.sigpipes());
        } finally {
            if (a != null) {
                a.close(done::add);
            }
            if (b != null) {
                b.close(done::add);
            }
        }
    }

    /**
     * Connection X was accepted by the previous driver but (as far as the adopting driver knows) not delivered; Y waits
     * in the kernel's accept queue. X's previous driver had also received "carried-" ahead of the RECV; "live-bytes"
     * waits in the socket. The first ACCEPT gets X, the second Y; X's reads give "carried-" then "live-bytes", with a
     * second swap in the middle of the carried bytes.
     */
    private void carriedAcceptsAndBytesFirst(KeventAbi abi) throws Exception {
        KqueueEmulation os = new KqueueEmulation(abi);
        KqueueBackendProvider provider = new KqueueBackendProvider(abi, os);
        IoDriver a = provider.open(OPTIONS);
        IoDriver b = null;
        IoDriver c = null;
        IoHandle listener = a.openTcpListener(ANY, 8, false);
        InetSocketAddress at = a.localAddress(listener);
        try (Socket peerX = new Socket(); Socket peerY = new Socket()) {
            peerX.connect(at);
            IoHandle x = await(a, new IoRequest().accept(listener)).accepted();
            peerX.getOutputStream().write("live-bytes".getBytes(StandardCharsets.US_ASCII));
            peerY.connect(at); // queued in the kernel: it must come after the carried connection

            DriverHandoff first = a.detach();
            assertTrue(first.completed().isEmpty(), "nothing was pending: " + first.completed());
            a.close(done::add);
            a = null;
            InetSocketAddress xPeer = (InetSocketAddress) peerX.getLocalSocketAddress();
            List<DetachedHandle> moved = withCarried(first.handles(), listener,
                    new CarriedInput(null, List.of(new CarriedInput.Accepted(x, xPeer)), 0));
            moved = withCarried(moved, x, new CarriedInput(ascii("carried-"), List.of(), 0));
            b = provider.open(OPTIONS);
            b.adopt(moved);

            IoRequest acceptX = await(b, new IoRequest().accept(listener));
            assertEquals(0, acceptX.result());
            assertSame(x, acceptX.accepted(), "the carried connection before the kernel's");
            assertEquals(xPeer, acceptX.address());
            IoRequest acceptY = await(b, new IoRequest().accept(listener));
            assertEquals(0, acceptY.result());
            assertNotSame(x, acceptY.accepted());
            assertEquals(peerY.getLocalSocketAddress(), acceptY.address(), "then the kernel's queue");
            IoHandle y = acceptY.accepted();

            assertEquals("carri", recvText(b, x, 5), "carried bytes before the socket's");
            DriverHandoff second = b.detach();
            b.close(done::add);
            b = null;
            DetachedHandle xMoved = find(second.handles(), x);
            assertEquals("ed-", StandardCharsets.US_ASCII.decode(xMoved.carried().remainingBytes()).toString(),
                    "what was not served travels on");
            c = provider.open(OPTIONS);
            c.adopt(second.handles());

            StringBuilder got = new StringBuilder("carri");
            got.append(recvText(c, x, 5));
            assertEquals("carried-", got.toString(), "the rest of the carried bytes, alone");
            while (got.length() < "carried-live-bytes".length()) {
                got.append(recvText(c, x, 5));
            }
            assertEquals("carried-live-bytes", got.toString(), "nothing lost, nothing reordered");

            peerY.getOutputStream().write('y');
            assertEquals("y", recvText(c, y, 5), "the connection from the kernel's queue works");
            assertEquals(0, os.sigpipes());
        } finally {
            for (IoDriver d : new IoDriver[] {a, b, c}) {
                if (d != null) {
                    d.close(done::add);
                }
            }
        }
    }

    private static List<DetachedHandle> withCarried(List<DetachedHandle> handles, IoHandle h, CarriedInput carried) {
        List<DetachedHandle> out = new ArrayList<>(handles.size());
        for (DetachedHandle dh : handles) {
            out.add(dh.handle() == h ? new DetachedHandle(h, dh.pending(), carried) : dh);
        }
        assertSame(h, find(out, h).handle());
        return out;
    }

    private static DetachedHandle find(List<DetachedHandle> handles, IoHandle h) {
        for (DetachedHandle dh : handles) {
            if (dh.handle() == h) {
                return dh;
            }
        }
        throw new AssertionError(h + " was not handed over: " + handles);
    }

    private String recvText(IoDriver d, IoHandle h, int max) throws IOException {
        ByteBuffer dst = ByteBuffer.allocateDirect(max);
        int n = await(d, new IoRequest().recv(h, dst)).result();
        assertTrue(n > 0, "recv returned " + n);
        dst.limit(n);
        return StandardCharsets.US_ASCII.decode(dst).toString();
    }

    /** Submits on the test thread (the driver's loop here) and polls until {@code r} completes. */
    private IoRequest await(IoDriver d, IoRequest r) throws IOException {
        d.submit(r);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.contains(r) && System.nanoTime() < deadline) {
            d.poll(done::add, TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertTrue(done.remove(r), "no completion within 10 s: " + r);
        return r;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
