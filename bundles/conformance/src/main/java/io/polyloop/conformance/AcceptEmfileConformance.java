package io.polyloop.conformance;

import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
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
 * Out of descriptors while accepting: the driver sheds the queued connection with its spare fd (libuv's trick),
 * completes the accept with -EMFILE and does not spin; once descriptors are free again accepting works. Lowers this
 * JVM's RLIMIT_NOFILE soft limit for a moment (restored in finally), with every class it needs loaded beforehand.
 * Drives one driver on the test thread. Linux only: the limit is set through libc in Linux's numbering, so a backend
 * runs it where it runs on Linux (epoll, io_uring, kqueue over its emulation). A backend module extends this and
 * names its provider.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "sets RLIMIT_NOFILE in Linux's numbering")
public abstract class AcceptEmfileConformance {

    /** The backend under test. */
    protected abstract IoBackendProvider provider();

    protected DriverOptions options() {
        return new DriverOptions("emfile", 16, 1);
    }

    /**
     * After the warm-up accept, before the limit drops: a backend that keeps an accept armed in the kernel ends it
     * here (io_uring's multishot ACCEPT was prepared under the old limit).
     */
    protected void beforeTheLimitDrops(IoDriver d, IoHandle listener, List<IoRequest> done) throws Exception {
    }

    @BeforeEach
    void available() {
        Assumptions.assumeTrue(provider().probe().isAvailable(), () -> "backend unavailable: " + provider().probe());
    }

    @Test
    @Timeout(20)
    void emfileShedsThePendingConnectionWithoutSpinning() throws Exception {
        IoDriver d = provider().open(options());
        List<IoRequest> done = new ArrayList<>();
        NativeMemory rlim = NativeMemory.allocate(16);
        List<Integer> fillers = new ArrayList<>();
        long soft = -1;
        try {
            IoHandle listener = d.openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8, false);
            InetSocketAddress target = d.localAddress(listener);
            IoRequest accept = new IoRequest().accept(listener);
            warmUp(d, listener, target, accept, done); // class loading needs fds: load everything first
            beforeTheLimitDrops(d, listener, done);
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
            } catch (IOException reset) {
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
