package io.polyloop.iouring;

import io.polyloop.conformance.LoopHarness;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory and descriptors across cancel, CLOSE and driver close with operations in the kernel: every request
 * completes exactly once (the harness checks), nothing received is lost, the GC running meanwhile finds no buffer
 * the kernel still uses unreferenced (a crash would end the JVM), and the process's fd count returns to where it was.
 */
class ShutdownSafetyTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @BeforeEach
    void available() {
        Assumptions.assumeTrue(PROVIDER.probe().isAvailable(), () -> PROVIDER.probe().toString());
    }

    private static LoopHarness loop() {
        return new LoopHarness(PROVIDER, new DriverOptions("safety", 64, 1));
    }

    /** {client, server} pairs over one listener; the listener is closed again. */
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

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            byte[][] garbage = new byte[64][];
            for (int k = 0; k < garbage.length; k++) {
                garbage[k] = new byte[64 * 1024];
            }
            System.gc();
        }
    }

    @Test
    @Timeout(30)
    void cancelCloseAndShutdownWithOperationsInFlight() {
        int n = 24;
        LoopHarness loop = loop();
        try {
            List<IoHandle[]> p = pairs(loop, n);
            List<IoRequest> requests = new ArrayList<>();
            List<CompletableFuture<IoRequest>> reads = new ArrayList<>();
            for (IoHandle[] pair : p) {
                // the buffer is referenced through the request only
                IoRequest r = new IoRequest().recv(pair[0], ByteBuffer.allocateDirect(64 * 1024));
                requests.add(r);
                reads.add(loop.submitAsync(r));
            }
            loop.call(d -> null); // every RECV is in the kernel now
            gc();
            // a third: in one loop step a byte is sent to the reader and its RECV cancelled, so both reach the
            // kernel in the same io_uring_enter; whichever wins, the byte is delivered exactly once
            loop.call(d -> {
                for (int i = 0; i < n / 3; i++) {
                    ByteBuffer one = ByteBuffer.allocateDirect(1).put(0, (byte) (i + 1));
                    loop.submit(new IoRequest().send(p.get(i)[1], one), r -> { });
                    assertTrue(d.cancel(requests.get(i)), "a RECV in the kernel is cancellable");
                }
                return null;
            });
            gc();
            int cancelled = 0;
            for (int i = 0; i < n / 3; i++) {
                IoRequest r = LoopHarness.join(reads.get(i));
                if (r.result() == 1) {
                    assertEquals(i + 1, r.buffer().get(r.buffer().position()), "the raced byte");
                } else {
                    assertEquals(-Errno.ECANCELED, r.result());
                    cancelled++;
                    ByteBuffer again = ByteBuffer.allocateDirect(8);
                    assertEquals(1, loop.io(new IoRequest().recv(p.get(i)[0], again)), "not lost by the cancel");
                    assertEquals(i + 1, again.get(0));
                }
            }
            System.out.println("raced cancels: " + cancelled + " of " + n / 3 + " cancelled, the rest had the byte");
            // a third: CLOSE with the RECV in the kernel; the RECV completes first, cancelled
            for (int i = n / 3; i < 2 * n / 3; i++) {
                assertEquals(0, loop.io(new IoRequest().close(p.get(i)[0])));
                assertTrue(reads.get(i).isDone(), "the RECV completed before its CLOSE");
                assertEquals(-Errno.ECANCELED, LoopHarness.join(reads.get(i)).result());
            }
            gc();
        } finally {
            loop.close(); // the last third: the driver closes with RECVs in the kernel; the harness checks them
        }
        gc();
    }

    @Test
    @Timeout(60)
    void fdCountReturnsToItsStartAfterShutdown() {
        churn(); // JNA, the libraries and the JIT have opened what they keep open
        int before = openFds();
        for (int round = 0; round < 3; round++) {
            churn();
        }
        assertEquals(before, openFds(), "open fds after 3 driver lifetimes with rings, eventfds and sockets");
    }

    private static void churn() {
        LoopHarness loop = loop();
        try {
            List<IoHandle[]> p = pairs(loop, 8);
            for (IoHandle[] pair : p) {
                loop.submitAsync(new IoRequest().recv(pair[1], ByteBuffer.allocateDirect(16))); // left in flight
                assertEquals(2, loop.io(new IoRequest().send(pair[0], ByteBuffer.allocateDirect(2))));
            }
            loop.call(d -> loop.swapDriver()); // a second ring, opened and closed
        } finally {
            loop.close();
        }
    }

    private static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
