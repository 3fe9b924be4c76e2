package io.polyloop.iouring;

import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Out of descriptors while accepting, on io_uring, with a single-shot ACCEPT and with a multishot one: the driver sheds
 * the queued connection with its spare fd (libuv's trick, as epoll's Acceptor), completes the accept with -EMFILE and
 * does not spin (nothing is armed again until an ACCEPT waits); once descriptors are free again accepting works.
 * The same test as impl-epoll's AcceptEmfileTest. Lowers this
 * JVM's RLIMIT_NOFILE soft limit for a moment (restored in finally), with every class it needs loaded beforehand.
 */
class IoUringAcceptEmfileTest {

    @org.junit.jupiter.api.BeforeEach
    void available() {
        org.junit.jupiter.api.Assumptions.assumeTrue(MultishotProvider.REAL.probe().isAvailable());
    }

    @Test
    @Timeout(20)
    void singleShot() throws Exception {
        emfileShedsThePendingConnectionWithoutSpinning(false);
    }

    @Test
    @Timeout(20)
    void multishot() throws Exception {
        emfileShedsThePendingConnectionWithoutSpinning(true);
    }

    private void emfileShedsThePendingConnectionWithoutSpinning(boolean multishot) throws Exception {
        IoDriver d = MultishotProvider.REAL.open(new DriverOptions("emfile", 16, 1,
                java.util.Map.of(IoUringBackendProvider.MULTISHOT, multishot)));
        assertEquals(multishot, ((IoUringDriver) d).multishot().acceptEnabled());
        List<IoRequest> done = new ArrayList<>();
        NativeMemory rlim = NativeMemory.allocate(16);
        List<Integer> fillers = new ArrayList<>();
        long soft = -1;
        try {
            IoHandle listener = d.openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8, false);
            InetSocketAddress target = d.localAddress(listener);
            IoRequest accept = new IoRequest().accept(listener);
            warmUp(d, listener, target, accept, done); // class loading needs fds: load everything first
            if (multishot) {
                // the kernel reads RLIMIT_NOFILE when an ACCEPT is prepared (io_accept_prep): the multishot armed by
                // the warm-up would still use the old limit, so end it; the ACCEPT below arms one under the new limit
                IoUringDriver u = (IoUringDriver) d;
                u.multishot().cancel((HandleState) listener.driverState());
                for (int i = 0; i < 100 && u.multishot().armedCount() > 0; i++) {
                    d.poll(done::add, TimeUnit.MILLISECONDS.toNanos(50));
                }
                assertEquals(0, u.multishot().armedCount());
                assertTrue(done.isEmpty());
            }
            SocketChannel client = SocketChannel.open(); // its fd exists before the limit drops
            byte[] devNull = "/dev/null\0".getBytes(StandardCharsets.US_ASCII);

            assertEquals(0, LibC.getrlimit(LinuxConstants.RLIMIT_NOFILE, rlim.address()));
            soft = rlim.buffer().getLong(0);
            try {
                // open(2) returns the lowest free fd, so every fd below this one is taken: cap the table there
                int filler = LibC.open(devNull, LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC, 0);
                assertTrue(filler >= 0);
                fillers.add(filler);
                rlim.buffer().putLong(0, filler + 1);
                assertEquals(0, LibC.setrlimit(LinuxConstants.RLIMIT_NOFILE, rlim.address()));

                client.connect(target); // completes in the kernel backlog, needs no new fd here
                d.submit(accept);
                d.poll(done::add, TimeUnit.SECONDS.toNanos(5));
                assertEquals(1, done.size());
                assertEquals(-Errno.EMFILE, accept.result());

                done.clear();
                long t0 = System.nanoTime();
                d.poll(done::add, TimeUnit.MILLISECONDS.toNanos(200));
                assertTrue(done.isEmpty());
                assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(150), "no busy loop");
            } finally {
                rlim.buffer().putLong(0, soft);
                LibC.setrlimit(LinuxConstants.RLIMIT_NOFILE, rlim.address());
                for (int fd : fillers) {
                    LibC.close(fd);
                }
            }
            // the shed connection was closed by the driver: the client sees EOF or a reset
            ByteBuffer one = ByteBuffer.allocate(1);
            int r;
            try {
                r = client.read(one);
            } catch (java.io.IOException reset) {
                r = -1;
            }
            assertEquals(-1, r, "the pending connection was accepted and closed");
            client.close();

            try (SocketChannel again = SocketChannel.open(target)) {
                done.clear();
                d.submit(accept.accept(listener));
                d.poll(done::add, TimeUnit.SECONDS.toNanos(5));
                assertEquals(0, accept.result(), "accepting works again: " + Errno.name(accept.result()));
                d.submit(new IoRequest().close(accept.accepted()));
            }
            d.submit(new IoRequest().close(listener));
            d.poll(done::add, 0);
        } finally {
            d.close(done::add);
            rlim.free();
        }
    }

    private static void warmUp(IoDriver d, IoHandle listener, InetSocketAddress target, IoRequest accept,
                               List<IoRequest> done) throws Exception {
        try (SocketChannel c = SocketChannel.open(target)) {
            d.submit(accept);
            d.poll(done::add, TimeUnit.SECONDS.toNanos(5));
            assertEquals(0, accept.result());
            d.submit(new IoRequest().close(accept.accepted()));
            d.poll(done::add, 0);
            c.read(ByteBuffer.allocate(1));
        }
        accept.accept(listener);
        done.clear();
        Errno.name(-Errno.EMFILE);
    }
}
