package io.polyloop.conformance;

import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
}
