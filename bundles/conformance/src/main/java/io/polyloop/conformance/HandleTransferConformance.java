package io.polyloop.conformance;

import io.polyloop.spi.HandleTransfer;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HandleTransfer}: one handle moves between two running drivers of the backend (two loops), as the runtime's
 * accept hand-off and loop retirement do. Nothing may be lost, duplicated or delivered twice: bytes waiting in the
 * kernel, requests that travel, and requests a completion backend refuses to move because the kernel holds them. A
 * backend module whose driver implements {@link HandleTransfer} extends this and names its provider.
 */
public abstract class HandleTransferConformance extends ConformanceSupport {
    private LoopHarness other;

    @BeforeEach
    void openSecondLoop() {
        boolean transfers = loop.call(d -> d instanceof HandleTransfer);
        Assumptions.assumeTrue(transfers, "driver does not implement HandleTransfer");
        other = new LoopHarness(provider(), options());
    }

    @AfterEach
    void closeSecondLoop() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    @Timeout(20)
    void anAcceptedConnectionMovesWithTheBytesTheKernelHolds() {
        IoHandle[] p = pair();
        IoHandle client = p[0];
        assertEquals(5, sendAll(client, text("hello")));
        move(p[1], loop, other);

        ByteBuffer got = ByteBuffer.allocateDirect(5);
        while (got.hasRemaining()) {
            int n = other.io(new IoRequest().recv(p[1], got));
            assertTrue(n > 0, "recv on the new loop: " + n);
            got.position(got.position() + n);
        }
        assertEquals("hello", StandardCharsets.UTF_8.decode(got.flip()).toString());
        assertEquals(4, other.io(new IoRequest().send(p[1], text("back"))));
        assertEquals("back", recvExactly(client, 4));
        assertEquals(0, other.io(new IoRequest().close(p[1])));
        assertEquals(0, close(client));
    }

    @Test
    @Timeout(20)
    void aHandleMovesThereAndBackAgain() {
        IoHandle[] p = pair();
        move(p[1], loop, other);
        move(p[1], other, loop);
        assertEquals(3, sendAll(p[1], text("abc")));
        assertEquals("abc", recvExactly(p[0], 3));
        assertEquals(0, close(p[0]));
        assertEquals(0, close(p[1]));
    }

    /**
     * A RECV that waits when the move is asked for: a readiness backend lets it travel (it completes on the new loop);
     * a completion backend refuses while the kernel holds it, and the handle stays and keeps working where it was.
     * Either way the RECV completes exactly once, with the bytes.
     */
    @Test
    @Timeout(20)
    void aWaitingRecvTravelsOrTheMoveIsRefused() {
        IoHandle[] p = pair();
        ByteBuffer dst = ByteBuffer.allocateDirect(16);
        CompletableFuture<IoRequest> waiting = loop.submitAsync(new IoRequest().recv(p[1], dst));
        CompletableFuture<LoopHarness.Transfer> released = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                released.complete(loop.release(p[1]));
            } catch (IOException | RuntimeException e) {
                released.completeExceptionally(e);
            }
        });
        LoopHarness home;
        try {
            LoopHarness.Transfer t = released.join();
            assertEquals(1, t.handle().pending().size(), "the waiting RECV travels with the handle");
            other.call(d -> {
                other.adopt(t);
                return null;
            });
            home = other;
        } catch (java.util.concurrent.CompletionException refused) {
            assertTrue(refused.getCause() instanceof IOException, "refused with an IOException: " + refused.getCause());
            home = loop;
        }
        assertEquals(4, sendAll(p[0], text("late")));
        IoRequest r = LoopHarness.join(waiting);
        assertEquals(4, r.result());
        assertEquals("late", StandardCharsets.UTF_8.decode(dst.limit(4)).toString());
        assertEquals(0, home.io(new IoRequest().close(p[1])));
        assertEquals(0, close(p[0]));
    }

    @Test
    @Timeout(20)
    void aHandleTheDriverDoesNotHoldIsRefused() {
        IoHandle[] p = pair();
        IoHandle foreign = p[1];
        move(foreign, loop, other);
        IOException e = assertThrows(IOException.class, () -> {
            try {
                loop.call(d -> ((HandleTransfer) d).release(foreign));
            } catch (AssertionError wrapped) {
                throw (Exception) wrapped.getCause();
            }
        });
        // ClosedChannelException (EBADF) has no message of its own: Errno puts the reason in its cause
        String why = e.getMessage() != null ? e.getMessage() : e.getCause() != null ? e.getCause().getMessage() : null;
        assertNotNull(why, () -> "a message saying why: " + e);
        assertEquals(0, other.io(new IoRequest().close(foreign)));
        assertEquals(0, close(p[0]));
    }

    private static void move(IoHandle h, LoopHarness from, LoopHarness to) {
        LoopHarness.Transfer t = from.call(d -> from.release(h));
        to.call(d -> {
            to.adopt(t);
            return null;
        });
    }
}
