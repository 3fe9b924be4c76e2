package io.polyloop.iouring;

import io.polyloop.conformance.LoopHarness;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A socket's native scratch (sockaddr, msghdr, iovecs) is taken by the first operation that needs it, not when the
 * socket joins the driver: an accepted stream that only receives and sends holds none, a gathering send takes one
 * (and the bytes still arrive whole), and it goes back when the handle closes.
 */
class SocketScratchTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeEach
    void available() {
        Assumptions.assumeTrue(MultishotProvider.REAL.probe().isAvailable(),
                () -> MultishotProvider.REAL.probe().toString());
    }

    private static boolean hasScratch(LoopHarness loop, IoHandle h) {
        return loop.call(d -> ((HandleState) h.driverState()).scratch != null);
    }

    @Test
    @Timeout(30)
    void onlyOperationsThatNeedScratchTakeIt() {
        try (LoopHarness loop = new LoopHarness(MultishotProvider.REAL, new DriverOptions("scratch", 64, 1))) {
            IoHandle listener = loop.call(d -> d.openTcpListener(new InetSocketAddress(LOOPBACK, 0), 16, false));
            InetSocketAddress target = loop.call(d -> d.localAddress(listener));
            IoHandle client = loop.call(d -> d.openTcp(false));
            assertFalse(hasScratch(loop, client), "a new socket holds none");
            CompletableFuture<IoRequest> a = loop.submitAsync(new IoRequest().accept(listener));
            assertEquals(0, loop.io(new IoRequest().connect(client, target)));
            IoHandle server = LoopHarness.join(a).accepted();
            assertNotNull(server);
            assertTrue(hasScratch(loop, client), "CONNECT gave the kernel its sockaddr through scratch");

            // RECV and SEND only: the accepted stream never takes scratch
            ByteBuffer hello = ByteBuffer.allocateDirect(5).put(new byte[] {1, 2, 3, 4, 5}).flip();
            assertEquals(5, loop.io(new IoRequest().send(client, hello)));
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            assertEquals(5, loop.io(new IoRequest().recv(server, in)));
            assertEquals(5, loop.io(new IoRequest().send(server, in.duplicate().limit(5))));
            assertFalse(hasScratch(loop, server), "RECV and SEND need no scratch");

            // a gathering send takes it, and every byte arrives in order
            ByteBuffer[] parts = {ByteBuffer.allocateDirect(3).put(new byte[] {7, 8, 9}).flip(),
                ByteBuffer.allocateDirect(2).put(new byte[] {10, 11}).flip()};
            assertEquals(5, loop.io(new IoRequest().sendVectored(server, parts, 0, 2)));
            assertTrue(hasScratch(loop, server), "SEND_VECTORED's msghdr and iovecs live in scratch");
            ByteBuffer back = ByteBuffer.allocateDirect(10);
            while (back.position() < 10) {
                int n = loop.io(new IoRequest().recv(client, back.slice(back.position(), 10 - back.position())));
                assertTrue(n > 0, "recv returned " + n);
                back.position(back.position() + n);
            }
            byte[] got = new byte[10];
            back.flip().get(got);
            assertEquals("[1, 2, 3, 4, 5, 7, 8, 9, 10, 11]", Arrays.toString(got));

            assertEquals(0, loop.io(new IoRequest().close(server)));
            assertNull(server.driverState(), "a closed handle leaves the driver, its scratch back in the pool");
            assertEquals(0, loop.io(new IoRequest().close(client)));
            assertEquals(0, loop.io(new IoRequest().close(listener)));
        }
    }
}
