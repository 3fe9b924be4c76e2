package io.polyloop.conformance;

import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Set-up and helpers of the conformance suites ({@link StreamConformance}, {@link DatagramFileConformance},
 * {@link LifecycleConformance}, {@link HotSwapConformance}): one {@link LoopHarness} per test, loopback sockets only.
 */
public abstract class ConformanceSupport {
    protected static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    protected static final InetAddress IPV6_LOOPBACK = ipv6Loopback();

    protected LoopHarness loop;

    /** @return the backend under test */
    protected abstract IoBackendProvider provider();

    protected DriverOptions options() {
        return new DriverOptions("conformance", 256, 2);
    }

    @BeforeEach
    void openLoop() {
        Assumptions.assumeTrue(provider().probe().isAvailable(), () -> "backend unavailable: " + provider().probe());
        loop = new LoopHarness(provider(), options());
    }

    @AfterEach
    void closeLoop() {
        if (loop != null) {
            loop.close(); // fails the test on any exactly-once violation
        }
    }

    protected IoHandle listen() {
        return listen(LOOPBACK);
    }

    protected IoHandle listen(InetAddress on) {
        return loop.call(d -> d.openTcpListener(new InetSocketAddress(on, 0), 256, false));
    }

    protected InetSocketAddress localAddress(IoHandle h) {
        return loop.call(d -> d.localAddress(h));
    }

    /** @return {client, server} of a fresh connection accepted on {@code listener} */
    protected IoHandle[] connect(IoHandle listener) {
        InetSocketAddress target = localAddress(listener);
        IoHandle client = loop.call(d -> d.openTcp(target.getAddress() instanceof Inet6Address));
        CompletableFuture<IoRequest> accepted = loop.submitAsync(new IoRequest().accept(listener));
        assertEquals(0, loop.io(new IoRequest().connect(client, target)));
        IoRequest a = LoopHarness.join(accepted);
        assertEquals(0, a.result(), "accept");
        assertEquals(HandleKind.TCP_STREAM, a.accepted().kind());
        return new IoHandle[] {client, a.accepted()};
    }

    protected IoHandle[] pair() {
        IoHandle listener = listen();
        IoHandle[] p = connect(listener);
        assertEquals(0, close(listener));
        return p;
    }

    protected int close(IoHandle h) {
        return loop.io(new IoRequest().close(h));
    }

    protected int sendAll(IoHandle h, ByteBuffer src) {
        int total = 0;
        while (src.hasRemaining()) {
            int n = loop.io(new IoRequest().send(h, src));
            if (n < 0) {
                return n;
            }
            src.position(src.position() + n);
            total += n;
        }
        return total;
    }

    /** Receives exactly {@code n} bytes (or fails) and returns them as text. */
    protected String recvExactly(IoHandle h, int n) {
        ByteBuffer dst = ByteBuffer.allocateDirect(n);
        while (dst.hasRemaining()) {
            int r = loop.io(new IoRequest().recv(h, dst));
            if (r <= 0) {
                throw new AssertionError("recv returned " + r + " after " + dst.position() + " of " + n);
            }
            dst.position(dst.position() + r);
        }
        dst.flip();
        return StandardCharsets.UTF_8.decode(dst).toString();
    }

    protected static ByteBuffer text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    /**
     * Skips the test, saying why, unless ::1 can be bound here (it cannot without IPv6 in the kernel or the container,
     * or when the JDK runs with -Djava.net.preferIPv4Stack=true).
     */
    protected static void assumeIpv6Loopback() {
        try (ServerSocket s = new ServerSocket(0, 1, IPV6_LOOPBACK)) {
            assertEquals(IPV6_LOOPBACK, s.getInetAddress());
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback (::1) on this machine, IPv6 tests skipped: " + e);
        }
    }

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByAddress("localhost6", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // only for a wrong address length
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails unless {@code moved} holds {@code h} with {@code pendingRequest} among its pending requests. */
    static void assertMoved(List<DetachedHandle> moved, IoHandle h, IoRequest pendingRequest) {
        assertTrue(isPendingIn(moved, h, pendingRequest), pendingRequest + " did not travel with " + h + ": " + moved);
    }

    static boolean isPendingIn(List<DetachedHandle> moved, IoHandle h, IoRequest r) {
        return moved.stream().anyMatch(x -> x.handle() == h && x.pending().contains(r));
    }

    /** A loopback port nobody listens on: bound once, then released. */
    protected static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }
}
