package io.polyloop.epoll;

import io.polyloop.conformance.ConformanceSupport;
import io.polyloop.conformance.LoopHarness;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A short recv on a stream clears the readable bit without the EAGAIN syscall that would confirm it, and so does a
 * recv that filled its buffer and was told by TCP_INQ that nothing is left; the edges that follow (new bytes, the
 * peer's FIN) still wake the reads waiting behind it.
 */
class EpollShortIoTest extends ConformanceSupport {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    @Test
    @Timeout(20)
    void aReadAfterAShortReadWaitsForTheNextEdgeWithoutAnEagainRecv() throws Exception {
        IoHandle[] p = pair();
        ByteBuffer dst = ByteBuffer.allocateDirect(4096);
        for (int round = 0; round < 20; round++) {
            assertEquals(5, sendAll(p[0], text("hello")));
            dst.clear();
            assertEquals(5, loop.io(new IoRequest().recv(p[1], dst)), "round " + round);
            long before = wouldBlock();
            CompletableFuture<IoRequest> next = loop.submitAsync(new IoRequest().recv(p[1], dst.clear()));
            Thread.sleep(20);
            assertFalse(next.isDone(), "nothing was sent: the read waits");
            assertEquals(before, wouldBlock(), "round " + round + ": the short read left nothing to try");
            assertEquals(3, sendAll(p[0], text("abc")));
            assertEquals(3, LoopHarness.join(next).result(), "round " + round + ": the new bytes' edge woke it");
        }
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    @Test
    @Timeout(20)
    void bytesThenFinSeenByOnePollStillEndTheStream() throws Exception {
        for (int round = 0; round < 20; round++) {
            IoHandle[] p = pair();
            assertEquals(5, sendAll(p[0], text("hello")));
            assertEquals(0, close(p[0])); // FIN right behind the bytes
            Thread.sleep(10); // the loop polls meanwhile: the edge of bytes + FIN is spent before any read
            ByteBuffer dst = ByteBuffer.allocateDirect(4096);
            assertEquals(5, loop.io(new IoRequest().recv(p[1], dst)), "round " + round);
            assertEquals(0, loop.io(new IoRequest().recv(p[1], dst.clear())), "round " + round + ": end of stream");
            assertEquals(0, close(p[1]));
        }
    }

    @Test
    @Timeout(20)
    void aReadThatFillsItsBufferAndEmptiesTheQueueWaitsForTheNextEdgeWithoutAnEagainRecv() throws Exception {
        IoHandle[] p = pair();
        ByteBuffer dst = ByteBuffer.allocateDirect(4096);
        assertEquals(8192, sendAll(p[0], ByteBuffer.allocateDirect(8192)));
        long before = wouldBlock();
        assertEquals(4096, loop.io(new IoRequest().recv(p[1], dst)), "a full read: more may be there");
        assertEquals(4096, loop.io(new IoRequest().recv(p[1], dst.clear())), "the rest, at once");
        for (int round = 0; round < 20; round++) {
            CompletableFuture<IoRequest> next = loop.submitAsync(new IoRequest().recv(p[1], dst.clear()));
            Thread.sleep(20);
            assertFalse(next.isDone(), "round " + round + ": nothing was sent: the read waits");
            assertEquals(before, wouldBlock(), "round " + round + ": the full read knew the queue was empty");
            assertEquals(4096, sendAll(p[0], ByteBuffer.allocateDirect(4096)));
            assertEquals(4096, LoopHarness.join(next).result(), "round " + round + ": the new bytes' edge woke it");
        }
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    @Test
    @Timeout(20)
    void aFullReadOfTheBytesBeforeAFinStillEndsTheStream() throws Exception {
        for (int round = 0; round < 20; round++) {
            IoHandle[] p = pair();
            ByteBuffer dst = ByteBuffer.allocateDirect(4096);
            assertEquals(4096, sendAll(p[0], ByteBuffer.allocateDirect(4096)));
            assertEquals(4096, loop.io(new IoRequest().recv(p[1], dst)), "round " + round + ": a full read");
            assertEquals(4096, sendAll(p[0], ByteBuffer.allocateDirect(4096)));
            assertEquals(0, close(p[0]));
            if (round % 2 == 0) {
                Thread.sleep(10); // the loop polls meanwhile: the edge of bytes + FIN is spent before the read
            }
            assertEquals(4096, loop.io(new IoRequest().recv(p[1], dst.clear())), "round " + round);
            assertEquals(0, loop.io(new IoRequest().recv(p[1], dst.clear())), "round " + round + ": end of stream");
            assertEquals(0, close(p[1]));
        }
    }

    private long wouldBlock() {
        return loop.call(d -> ((EpollDriver) d).wouldBlockCount());
    }
}
