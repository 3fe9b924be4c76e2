package io.polyloop.kqueue;

import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The change list at work, counted on the emulation: registrations ride in the waiting kevent call, a full change
 * list is flushed without losing the readiness it would otherwise drain, and a registration the kernel refuses fails
 * the socket's requests instead of leaving them waiting forever.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
@Timeout(20)
class KqueueBatchingTest {
    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final KqueueEmulation os = new KqueueEmulation(KeventAbi.DARWIN);
    private final KqueueBackendProvider provider = new KqueueBackendProvider(KeventAbi.DARWIN, os);
    private final List<IoRequest> done = new ArrayList<>();

    @Test
    void registrationsRideInTheWaitingCall() throws Exception {
        IoDriver d = provider.open(new DriverOptions("batch", 16, 1));
        try {
            int calls = os.keventCalls();
            int changes = os.changesSeen();
            d.openTcpListener(ANY, 8, false); // EVFILT_READ
            d.openTcp(false);                 // EVFILT_READ + EVFILT_WRITE
            d.openUdp(ANY);                   // EVFILT_READ + EVFILT_WRITE
            assertEquals(calls, os.keventCalls(), "opening sockets made no kevent call");
            d.poll(done::add, 0);
            assertEquals(calls + 1, os.keventCalls(), "one kevent call for the poll and the 5 registrations");
            assertEquals(changes + 5, os.changesSeen());
        } finally {
            d.close(done::add);
        }
    }

    /**
     * 18 registrations for a list of 16: the first 16 are flushed with EV_RECEIPT. A datagram that arrived before
     * the flush is still reported afterwards; a flush that collected events would have consumed its EV_CLEAR event,
     * and the read would wait forever.
     */
    @Test
    void aFullChangeListIsFlushedWithoutLosingReadiness() throws Exception {
        IoDriver d = provider.open(new DriverOptions("flush", 16, 1));
        try (DatagramChannel peer = DatagramChannel.open()) {
            IoHandle first = d.openUdp(ANY);
            peer.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), d.localAddress(first));
            Thread.sleep(50);
            int calls = os.keventCalls();
            for (int i = 0; i < 8; i++) {
                d.openUdp(ANY);
            }
            assertEquals(calls + 1, os.keventCalls(), "one flush");
            IoRequest recv = new IoRequest().recvFrom(first, ByteBuffer.allocateDirect(16));
            d.submit(recv);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (done.isEmpty() && System.nanoTime() < deadline) {
                d.poll(done::add, TimeUnit.MILLISECONDS.toNanos(100));
            }
            assertEquals(3, recv.result(), "the datagram that arrived before the flush");
        } finally {
            d.close(done::add);
        }
    }

    /** EV_ERROR for a registration (here ENOMEM, "no memory available to register event") fails the requests. */
    @Test
    void aRefusedRegistrationFailsTheRequests() throws Exception {
        IoDriver d = provider.open(new DriverOptions("refused", 16, 1));
        try {
            IoHandle u = d.openUdp(ANY);
            os.refuseRegistrations((int) u.descriptor(), Errno.ENOMEM);
            IoRequest recv = new IoRequest().recvFrom(u, ByteBuffer.allocateDirect(16));
            d.submit(recv);
            d.poll(done::add, TimeUnit.SECONDS.toNanos(5));
            assertEquals(1, done.size());
            assertEquals(-Errno.ENOMEM, recv.result());
            IoRequest again = new IoRequest().recvFrom(u, ByteBuffer.allocateDirect(16));
            d.submit(again);
            d.poll(done::add, 0);
            assertEquals(-Errno.ENOMEM, again.result(), "and every later request on that socket");
        } finally {
            d.close(done::add);
        }
    }
}
