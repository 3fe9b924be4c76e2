package io.polyloop.epoll;

import io.polyloop.conformance.ConformanceSupport;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One poll hands a large read's completion to the sink before it performs the next event's syscalls (so a handler can
 * answer it and give its buffer back first), keeps small reads batched (every ready socket read, then one delivery),
 * and never applies an event of a descriptor a handler closed meanwhile to the handle that took its number.
 */
class EpollEarlyDeliveryTest extends ConformanceSupport {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();
    private static final int LARGE = EpollDriver.EARLY_DELIVERY_BYTES;

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    @Test
    @Timeout(30)
    void aLargeReadIsDeliveredBeforeTheNextReadySocketIsRead() throws Exception {
        assertEquals(List.of(false, false, false, false, false), otherReadAtFirstDelivery(LARGE, 5));
    }

    @Test
    @Timeout(30)
    void smallReadsOfOneHarvestAreAllPerformedBeforeTheirDelivery() throws Exception {
        assertEquals(List.of(true, true, true, true, true), otherReadAtFirstDelivery(64, 5));
    }

    /** Per round: whether the other socket's read was already performed when the first completion was delivered. */
    private List<Boolean> otherReadAtFirstDelivery(int bytes, int rounds) throws Exception {
        IoHandle[] a = pair();
        IoHandle[] b = pair();
        List<Boolean> seen = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            IoRequest ra = new IoRequest().recv(a[1], ByteBuffer.allocateDirect(2 * LARGE));
            IoRequest rb = new IoRequest().recv(b[1], ByteBuffer.allocateDirect(2 * LARGE));
            CompletableFuture<Boolean> otherReadAtFirst = new CompletableFuture<>();
            CompletableFuture<Void> second = new CompletableFuture<>();
            loop.call(d -> {
                loop.submit(ra, r -> delivered(otherReadAtFirst, rb, second));
                loop.submit(rb, r -> delivered(otherReadAtFirst, ra, second));
                // both become readable inside this step, so the next epoll_wait reports both at once
                sendAtOnce(d, a[0], bytes);
                sendAtOnce(d, b[0], bytes);
                return null;
            });
            second.get(10, TimeUnit.SECONDS);
            seen.add(otherReadAtFirst.join());
            assertEquals(bytes, ra.result(), "round " + round + ": one recv takes all that was sent");
            assertEquals(bytes, rb.result(), "round " + round + ": one recv takes all that was sent");
        }
        for (IoHandle h : List.of(a[0], a[1], b[0], b[1])) {
            assertEquals(0, close(h));
        }
        return seen;
    }

    @Test
    @Timeout(30)
    void anEventOfADescriptorClosedMeanwhileIsNotAppliedToTheHandleThatTookItsNumber() throws Exception {
        int reusedRounds = 0;
        for (int round = 0; round < 10; round++) {
            IoHandle[] a = pair();
            IoHandle[] b = pair();
            IoRequest ra = new IoRequest().recv(a[1], ByteBuffer.allocateDirect(2 * LARGE));
            IoRequest rb = new IoRequest().recv(b[1], ByteBuffer.allocateDirect(2 * LARGE));
            List<IoHandle> opened = new ArrayList<>();
            CompletableFuture<IoHandle> reuser = new CompletableFuture<>();
            loop.call(d -> {
                // the first delivered (early: a large read) closes the other socket, whose event comes later in the
                // same poll, and opens datagram sockets until one gets its number
                loop.submit(ra, r -> closeAndReuse(d, b[1], opened, reuser));
                loop.submit(rb, r -> closeAndReuse(d, a[1], opened, reuser));
                sendAtOnce(d, a[0], LARGE);
                sendAtOnce(d, b[0], LARGE);
                return null;
            });
            IoHandle udp = reuser.get(10, TimeUnit.SECONDS);
            if (udp != null) {
                reusedRounds++;
                // an unbound UDP socket with nothing received reports OUT only: IN from the closed stream's event
                // would mark it readable
                boolean readable = loop.call(d -> ((HandleState) udp.driverState()).readable);
                assertFalse(readable, "round " + round + ": the closed stream's readable event was applied to " + udp);
            }
            for (IoHandle h : opened) {
                assertEquals(0, close(h));
            }
            for (IoHandle h : List.of(a[0], a[1], b[0], b[1])) {
                if (!h.isClosed()) {
                    assertEquals(0, close(h));
                }
            }
        }
        assertTrue(reusedRounds > 0, "no round reused the closed descriptor's number: nothing was tested");
    }

    private static void delivered(CompletableFuture<Boolean> otherReadAtFirst, IoRequest other,
            CompletableFuture<Void> second) {
        if (!otherReadAtFirst.complete(other.isCompleted())) {
            second.complete(null);
        }
    }

    /** The first delivered of the two: closes {@code other} (its read completes cancelled) and takes its number. */
    private void closeAndReuse(IoDriver d, IoHandle other, List<IoHandle> opened, CompletableFuture<IoHandle> reuser) {
        if (reuser.isDone()) {
            return; // the second one: it completed through the close
        }
        int fd = (int) other.descriptor();
        IoRequest close = new IoRequest().close(other);
        loop.submit(close, r -> { });
        assertTrue(close.isCompleted() && close.result() == 0, "close of " + other + ": " + close);
        try {
            for (int i = 0; i < 64; i++) {
                IoHandle h = d.openUdp(new InetSocketAddress(LOOPBACK, 0));
                opened.add(h);
                if (h.descriptor() == fd) {
                    reuser.complete(h);
                    return;
                }
            }
            reuser.complete(null); // another thread took the number: this round tests nothing
        } catch (Exception e) {
            reuser.completeExceptionally(e);
        }
    }

    /** Sends {@code bytes} inside the current loop step (a loopback socket's buffer takes them at once). */
    private void sendAtOnce(IoDriver d, IoHandle h, int bytes) {
        ByteBuffer src = ByteBuffer.allocateDirect(bytes);
        while (src.hasRemaining()) {
            IoRequest send = new IoRequest().send(h, src);
            loop.submit(send, r -> { });
            assertTrue(send.isCompleted() && send.result() > 0, "a send on an idle connected loopback socket is"
                    + " performed inside submit: " + send);
            src.position(src.position() + send.result());
        }
    }
}
