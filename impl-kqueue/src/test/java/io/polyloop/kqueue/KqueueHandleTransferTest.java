package io.polyloop.kqueue;

import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.AfterEach;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the conformance kit cannot see of a kqueue release: the released socket's knotes leave the old kqueue, which
 * lives on (EV_DELETE), whether its registration had reached the kernel or was still in the change list, and a
 * refused EV_DELETE leaves the handle where it was, working. On the emulation of macOS and of FreeBSD, which counts
 * the knotes of each kqueue; real loopback peers; the drivers are driven directly on the test thread.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
@Timeout(30)
class KqueueHandleTransferTest {
    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final DriverOptions OPTIONS = new DriverOptions("transfer", 64, 1);

    private final List<IoRequest> done = new ArrayList<>();
    private final List<KqueueDriver> drivers = new ArrayList<>();

    @AfterEach
    void closeDrivers() {
        for (KqueueDriver d : drivers) {
            d.close(done::add);
        }
    }

    @Test
    void macosReleasedSocketsLeaveTheOldKqueue() throws Exception {
        releasedSocketsLeaveTheOldKqueue(KeventAbi.DARWIN);
    }

    @Test
    void freebsdReleasedSocketsLeaveTheOldKqueue() throws Exception {
        releasedSocketsLeaveTheOldKqueue(KeventAbi.FREEBSD);
    }

    /**
     * A connection and then the listener move from A to B, the listener with an ACCEPT waiting: A's kqueue keeps no
     * knote of either, B's has them, and both work on B.
     */
    private void releasedSocketsLeaveTheOldKqueue(KeventAbi abi) throws Exception {
        KqueueEmulation os = new KqueueEmulation(abi);
        KqueueDriver a = open(os, abi);
        KqueueDriver b = open(os, abi);
        IoHandle listener = a.openTcpListener(ANY, 8, false);
        int listenerFd = (int) listener.descriptor();
        try (Socket peer = new Socket(); Socket second = new Socket()) {
            peer.connect(a.localAddress(listener));
            IoHandle x = await(a, new IoRequest().accept(listener)).accepted();
            int fd = (int) x.descriptor();
            a.poll(done::add, 0); // x's registrations reach A's kqueue
            assertEquals(2, os.knotes(a.kq(), fd), "EVFILT_READ and EVFILT_WRITE of the connection");

            DetachedHandle moved = a.release(x);
            assertEquals(0, os.knotes(a.kq(), fd), "EV_DELETE: A's kqueue reports nothing of x any more");
            assertEquals(1, a.handleCount(), "the listener only");
            b.adopt(List.of(moved));
            peer.getOutputStream().write("on b".getBytes(StandardCharsets.US_ASCII));
            assertEquals("on b", recvText(b, x, 16));
            assertEquals(2, os.knotes(b.kq(), fd), "registered anew in B's kqueue");

            IoRequest waiting = new IoRequest().accept(listener);
            a.submit(waiting); // nothing queued: it waits for EVFILT_READ
            a.poll(done::add, 0);
            assertEquals(1, os.knotes(a.kq(), listenerFd), "a listener has EVFILT_READ only");
            DetachedHandle movedListener = a.release(listener);
            assertEquals(List.of(waiting), movedListener.pending(), "the waiting ACCEPT travels");
            assertEquals(0, os.knotes(a.kq(), listenerFd));
            assertEquals(0, a.handleCount());
            b.adopt(List.of(movedListener));
            second.connect(b.localAddress(listener));
            pollUntilDone(b, waiting);
            assertEquals(0, waiting.result());
            assertEquals(second.getLocalSocketAddress(), waiting.address(), "accepted on B");
            assertEquals(0, os.sigpipes());
        }
    }

    /**
     * A connection accepted in a poll has its registrations queued for the next one; released before that, they are
     * dropped (EV_DELETE answers ENOENT, which is no error) and never reach A's kqueue.
     */
    @Test
    void aSocketReleasedBeforeItsRegistrationWasSentLeavesNothingBehind() throws Exception {
        KqueueEmulation os = new KqueueEmulation(KeventAbi.FREEBSD);
        KqueueDriver a = open(os, KeventAbi.FREEBSD);
        KqueueDriver b = open(os, KeventAbi.FREEBSD);
        IoHandle listener = a.openTcpListener(ANY, 8, false);
        IoRequest accept = new IoRequest().accept(listener);
        a.submit(accept); // waits: the connection is accepted inside a poll, after its kevent call
        try (Socket peer = new Socket()) {
            peer.connect(a.localAddress(listener));
            pollUntilDone(a, accept);
            IoHandle x = accept.accepted();
            int fd = (int) x.descriptor();

            DetachedHandle moved = a.release(x);
            a.poll(done::add, 0); // would carry x's EV_ADDs, had they stayed in the change list
            assertEquals(0, os.knotes(a.kq(), fd));
            b.adopt(List.of(moved));
            peer.getOutputStream().write('!');
            assertEquals("!", recvText(b, x, 4));
        }
    }

    @Test
    void aRefusedDeleteLeavesTheHandleWorkingWhereItWas() throws Exception {
        KqueueEmulation os = new KqueueEmulation(KeventAbi.DARWIN);
        KqueueDriver a = open(os, KeventAbi.DARWIN);
        IoHandle listener = a.openTcpListener(ANY, 8, false);
        try (Socket peer = new Socket()) {
            peer.connect(a.localAddress(listener));
            IoHandle x = await(a, new IoRequest().accept(listener)).accepted();
            int fd = (int) x.descriptor();
            a.poll(done::add, 0);
            ByteBuffer dst = ByteBuffer.allocateDirect(16);
            IoRequest waiting = new IoRequest().recv(x, dst);
            a.submit(waiting);
            os.refuseDeletes(fd, Errno.ENOMEM);

            IOException e = assertThrows(IOException.class, () -> a.release(x));
            assertTrue(e.getMessage().contains("EV_DELETE fd " + fd), e.getMessage());
            assertNotNull(x.driverState(), "still attached");
            assertEquals(2, a.handleCount(), "x stays");
            assertEquals(2, os.knotes(a.kq(), fd), "its knotes too");
            peer.getOutputStream().write("still".getBytes(StandardCharsets.US_ASCII));
            pollUntilDone(a, waiting);
            assertEquals(5, waiting.result(), "the waiting RECV completes where it was");
        }
    }

    private KqueueDriver open(KqueueEmulation os, KeventAbi abi) throws IOException {
        KqueueDriver d = (KqueueDriver) new KqueueBackendProvider(abi, os).open(OPTIONS);
        drivers.add(d);
        return d;
    }

    private String recvText(KqueueDriver d, IoHandle h, int max) throws IOException {
        ByteBuffer dst = ByteBuffer.allocateDirect(max);
        int n = await(d, new IoRequest().recv(h, dst)).result();
        assertTrue(n > 0, "recv returned " + n);
        dst.limit(n);
        return StandardCharsets.US_ASCII.decode(dst).toString();
    }

    private IoRequest await(KqueueDriver d, IoRequest r) throws IOException {
        d.submit(r);
        pollUntilDone(d, r);
        return r;
    }

    /** Polls on the test thread (the driver's loop here) until {@code r} completes. */
    private void pollUntilDone(KqueueDriver d, IoRequest r) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.contains(r) && System.nanoTime() < deadline) {
            d.poll(done::add, TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertTrue(done.remove(r), "no completion within 10 s: " + r);
    }
}
