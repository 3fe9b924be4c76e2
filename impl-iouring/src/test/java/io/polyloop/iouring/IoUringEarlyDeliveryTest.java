package io.polyloop.iouring;

import io.polyloop.conformance.ConformanceSupport;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One poll answers a large read before it handles the next CQE: the read's completion is delivered, and the SEND its
 * handler queued reaches the kernel (the peer has the reply), and that SEND's completion is delivered, before the
 * other read of the same reap is delivered.
 * Small reads keep the batched order: their replies go to the kernel in the next poll's enter. Single-shot RECVs, so
 * that one CQE carries the whole large read (multishot RECVs bring one provided buffer per CQE).
 */
class IoUringEarlyDeliveryTest extends ConformanceSupport {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();
    private static final int LARGE = IoUringDriver.EARLY_DELIVERY_BYTES;
    /** At the second read's delivery: the first's reply is at its peer and its SEND's completion was delivered. */
    private static final String ANSWERED = "answered";
    /** The reply is at the peer, its SEND's completion not delivered yet. */
    private static final String SENT = "sent, completion not delivered";
    /** The reply's SEND is still queued in the SQ. */
    private static final String QUEUED = "queued";
    private final List<SocketChannel> peers = new ArrayList<>();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    @Override
    protected DriverOptions options() {
        return new DriverOptions("early-delivery", 256, 1, Map.of(IoUringBackendProvider.MULTISHOT, false));
    }

    @AfterEach
    void closePeers() throws IOException {
        for (SocketChannel p : peers) {
            p.close();
        }
    }

    @Test
    @Timeout(30)
    void aLargeReadIsAnsweredBeforeTheNextCqeOfItsReapIsDelivered() throws Exception {
        assertEquals(List.of(ANSWERED, ANSWERED, ANSWERED, ANSWERED, ANSWERED), stateAtSecondDelivery(LARGE, 5));
        assertTrue((long) loop.call(d -> ((IoUringDriver) d).earlySubmits()) >= 5, "one early submit per round");
    }

    @Test
    @Timeout(30)
    void smallReadsOfOneReapAreAnsweredInTheNextPoll() throws Exception {
        assertEquals(List.of(QUEUED, QUEUED, QUEUED, QUEUED, QUEUED), stateAtSecondDelivery(64, 5));
        assertEquals(0L, (long) loop.call(d -> ((IoUringDriver) d).earlySubmits()));
    }

    /**
     * The first large read's handler closes the driver: close reaps and delivers what is left itself, and the poll
     * that was delivering returns without reading the CQ again (its memory is unmapped by then: a read would crash).
     * Each read completes exactly once. The driver runs on the test thread, without the harness.
     */
    @Test
    @Timeout(30)
    void aHandlerThatClosesTheDriverDuringAnEarlyDeliveryEndsThePoll() throws Exception {
        IoDriver d = PROVIDER.open(options());
        List<IoRequest> delivered = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(LOOPBACK, 0));
            IoHandle[] h = new IoHandle[2];
            for (int i = 0; i < 2; i++) {
                h[i] = d.openTcp(false);
                IoRequest connect = new IoRequest().connect(h[i], (InetSocketAddress) server.getLocalAddress());
                d.submit(connect); // reaches the kernel in the next poll: accept only after it completed
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!connect.isCompleted() || !delivered.contains(connect)) {
                    assertTrue(System.nanoTime() < deadline, "connect did not complete");
                    d.poll(delivered::add, TimeUnit.MILLISECONDS.toNanos(100));
                }
                assertEquals(0, connect.result(), "connect");
                SocketChannel peer = server.accept();
                peers.add(peer);
                peer.configureBlocking(false);
                write(peer, LARGE);
            }
            IoRequest[] reads = new IoRequest[2];
            for (int i = 0; i < 2; i++) {
                reads[i] = new IoRequest().recv(h[i], ByteBuffer.allocateDirect(2 * LARGE));
                d.submit(reads[i]);
            }
            d.poll(r -> {
                delivered.add(r);
                if (r == reads[0] || r == reads[1]) {
                    d.close(delivered::add); // the rest of this reap is delivered here
                }
            }, TimeUnit.SECONDS.toNanos(5));
            for (IoRequest r : reads) {
                assertEquals(1, delivered.stream().filter(x -> x == r).count(), "delivered once: " + r);
            }
            assertEquals(LARGE, delivered.stream().filter(x -> x == reads[0] || x == reads[1]).findFirst()
                    .orElseThrow().result(), "the first read delivered took what was sent");
        } finally {
            d.close(delivered::add); // a no-op once closed
        }
    }

    /**
     * Per round: two connections get {@code bytes} each, written by their JDK peers before the RECVs are submitted,
     * so that both RECVs complete in the enter that submits them and their CQEs come in one reap. The first read's
     * handler writes a byte back; the second read's handler looks whether that byte has reached the first's peer.
     */
    private List<String> stateAtSecondDelivery(int bytes, int rounds) throws Exception {
        IoHandle[] h = {connectPeer(), connectPeer()};
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Round r = new Round();
            loop.call(d -> {
                write(peers.get(0), bytes);
                write(peers.get(1), bytes);
                for (int i = 0; i < 2; i++) {
                    int which = i;
                    IoRequest recv = new IoRequest().recv(h[i], ByteBuffer.allocateDirect(2 * LARGE));
                    r.reads[i] = recv;
                    loop.submit(recv, done -> r.delivered(which, h[which]));
                }
                return null;
            });
            seen.add(r.state.get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 2; i++) {
                assertEquals(bytes, r.reads[i].result(), "round " + round + ": one recv takes all that was sent");
            }
            if (r.state.join().equals(QUEUED)) {
                awaitReply(peers.get(r.first)); // left in the socket by the look: it must arrive all the same
            }
        }
        assertEquals(0, close(h[0]));
        assertEquals(0, close(h[1]));
        return seen;
    }

    /** One round's deliveries, on the loop thread. */
    private final class Round {
        final IoRequest[] reads = new IoRequest[2];
        final CompletableFuture<String> state = new CompletableFuture<>();
        int first = -1;
        boolean sendDelivered;

        void delivered(int which, IoHandle stream) {
            if (first < 0) {
                first = which; // answer it: this submit only queues the SEND's SQE
                loop.submit(new IoRequest().send(stream, ByteBuffer.allocateDirect(1)), s -> sendDelivered = true);
                return;
            }
            try {
                boolean out = peers.get(first).read(ByteBuffer.allocate(1)) == 1;
                // answered early, the SEND's own completion (which gives a reply's buffer back) comes before it too
                state.complete(out ? (sendDelivered ? ANSWERED : SENT) : sendDelivered ? "delivered, not out" : QUEUED);
            } catch (IOException e) {
                state.completeExceptionally(e);
            }
        }
    }

    private IoHandle connectPeer() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(LOOPBACK, 0));
            InetSocketAddress target = (InetSocketAddress) server.getLocalAddress();
            IoHandle client = loop.call(d -> d.openTcp(false));
            CompletableFuture<IoRequest> connected = loop.submitAsync(new IoRequest().connect(client, target));
            SocketChannel peer = server.accept();
            assertEquals(0, connected.get(10, TimeUnit.SECONDS).result(), "connect");
            peer.configureBlocking(false);
            peers.add(peer);
            return client;
        }
    }

    /** Writes {@code bytes} from the peer; a loopback socket's buffer takes them at once. */
    private static void write(SocketChannel peer, int bytes) throws IOException {
        ByteBuffer src = ByteBuffer.allocate(bytes);
        while (src.hasRemaining()) {
            assertTrue(peer.write(src) > 0, "the peer's socket buffer took nothing");
        }
    }

    /** Reads the one-byte reply, waiting at most 10 s. */
    private static void awaitReply(SocketChannel peer) throws Exception {
        ByteBuffer one = ByteBuffer.allocate(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (peer.read(one) == 0) {
            assertTrue(System.nanoTime() < deadline, "the reply never reached the peer");
            Thread.sleep(1);
        }
    }
}
