package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.ClosedException;
import io.polyloop.api.sync.Oneshot;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneshotTest {
    private final ManualLoop loop = new ManualLoop();
    private final Oneshot<String> oneshot = loop.sync().oneshot();

    @Test
    void sendBeforeReceive() {
        assertTrue(oneshot.send("v"));
        assertFalse(oneshot.send("w"), "one value");
        assertTrue(oneshot.isComplete());
        assertEquals("v", oneshot.receive().getNow(null));
        assertThrows(IllegalStateException.class, oneshot::receive);
    }

    @Test
    void sendToAWaitingReceiverCompletesItOnItsLoop() {
        Task<String> r = oneshot.receive();
        assertTrue(oneshot.send("v"));
        assertEquals(Task.Status.PENDING, r.status());
        assertFalse(r.cancel(), "served already");
        loop.runAll();
        assertEquals("v", r.join());
    }

    @Test
    void closeWithoutAValueFailsTheReceiver() {
        Task<String> r = oneshot.receive();
        assertTrue(oneshot.close());
        assertFalse(oneshot.send("late"));
        loop.runAll();
        assertInstanceOf(ClosedException.class, r.exceptionNow());
        Oneshot<String> early = loop.sync().oneshot();
        early.close();
        assertInstanceOf(ClosedException.class, early.receive().exceptionNow());
    }

    @Test
    void aCancelledReceiverMakesSendReturnFalse() {
        Task<String> r = oneshot.receive();
        assertTrue(r.cancel());
        assertFalse(oneshot.send("v"), "nobody will take it");
        assertTrue(oneshot.close());
        assertTrue(oneshot.isComplete());
    }
}
