package io.polyloop.conformance;

import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot swap: a live connection moves between drivers (detach, close, open, adopt) while bytes stream both ways,
 * with a read pending at the first swap and, usually, a partial send pending at later ones. The peer is a plain
 * blocking {@link Socket} on its own threads, so it is not affected by the swaps; both directions are checked byte
 * by byte.
 */
public abstract class HotSwapConformance extends ConformanceSupport {

    @Test
    @Timeout(30)
    void detachAdoptKeepsAStreamIntactBothWays() throws Exception {
        long total = 4L << 20;
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            IoHandle c = loop.call(d -> d.openTcp(false));
            CompletableFuture<IoRequest> connected = loop.submitAsync(
                    new IoRequest().connect(c, new InetSocketAddress(LOOPBACK, server.getLocalPort())));
            try (Socket peer = server.accept()) {
                assertEquals(0, LoopHarness.join(connected).result());
                Receiver rx = new Receiver(loop, c, 7, 8192);
                Sender tx = new Sender(loop, c, 8, total, 64 * 1024, true);
                loop.execute(rx::start);

                List<?> first = loop.call(d -> loop.swapDriver());
                DriverConformanceSuite.assertMoved(cast(first), c, rx.request());

                CountDownLatch peerDone = new CountDownLatch(2);
                CompletableFuture<Long> peerRead = new CompletableFuture<>();
                startPeer(peer, total, peerDone, peerRead);
                loop.execute(tx::start);

                int swaps = 1;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!(rx.done.isDone() && tx.done.isDone()) && System.nanoTime() < deadline) {
                    DriverConformanceSuite.sleep(10);
                    loop.call(d -> loop.swapDriver());
                    swaps++;
                }
                assertEquals(total, LoopHarness.join(rx.done), "bytes received across " + swaps + " swaps");
                assertEquals(total, LoopHarness.join(tx.done));
                assertEquals(total, LoopHarness.join(peerRead), "bytes the peer received");
                assertTrue(peerDone.await(10, TimeUnit.SECONDS));
                assertTrue(swaps >= 3, "only " + swaps + " swaps happened mid-stream");
                System.out.println(getClass().getSimpleName() + ": 2 x 4 MiB across " + swaps + " driver swaps");
                assertEquals(0, close(c));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> cast(List<?> l) {
        return (List<T>) l;
    }

    /** The peer writes pattern 7 slowly (so swaps land mid-stream) and reads pattern 8 slowly (so sends back up). */
    private static void startPeer(Socket peer, long total, CountDownLatch done, CompletableFuture<Long> read) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = peer.getOutputStream();
                byte[] chunk = new byte[32 * 1024];
                for (long sent = 0; sent < total; sent += chunk.length) {
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = StreamPattern.at(7, sent + i);
                    }
                    out.write(chunk);
                    DriverConformanceSuite.sleep(1);
                }
                peer.shutdownOutput();
            } catch (Exception e) {
                read.completeExceptionally(e);
            } finally {
                done.countDown();
            }
        }, "peer-writer");
        Thread reader = new Thread(() -> {
            try {
                InputStream in = peer.getInputStream();
                byte[] buf = new byte[8 * 1024];
                long got = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != StreamPattern.at(8, got + i)) {
                            throw new AssertionError("peer: byte " + (got + i) + " differs");
                        }
                    }
                    got += n;
                    if ((got & 0xffff) < n) {
                        DriverConformanceSuite.sleep(1);
                    }
                }
                read.complete(got);
            } catch (Throwable e) {
                read.completeExceptionally(e);
            } finally {
                done.countDown();
            }
        }, "peer-reader");
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
    }
}
