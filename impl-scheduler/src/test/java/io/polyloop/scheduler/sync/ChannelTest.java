package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Channel;
import io.polyloop.api.sync.ClosedException;
import io.polyloop.api.sync.SyncPrimitives;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelTest {
    private final ManualLoop loop = new ManualLoop();
    private final Channel<String> ch = loop.sync().channel(2);

    @Test
    void messagesKeepFifoOrderThroughBufferAndWaitingSenders() {
        assertTrue(ch.trySend("a"));
        assertTrue(ch.trySend("b"));
        assertFalse(ch.trySend("x"), "full");
        Task<Void> c = ch.send("c");
        Task<Void> d = ch.send("d");
        assertEquals(Task.Status.PENDING, c.status());
        assertEquals(2, ch.size());

        assertEquals("a", ch.tryReceive());
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, c.status(), "the freed slot took the oldest sender's message");
        assertEquals(Task.Status.PENDING, d.status());
        assertEquals("b", ch.receive().join());
        assertEquals("c", ch.receive().join());
        assertEquals("d", ch.receive().join());
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, d.status());
        assertNull(ch.tryReceive());
        assertEquals(0, ch.size());
    }

    @Test
    void aWaitingReceiverGetsTheMessageOnItsLoopNotInsideSend() {
        Task<String> r = ch.receive();
        assertTrue(ch.trySend("m"));
        assertEquals(0, ch.size(), "handed over, not buffered");
        assertEquals(Task.Status.PENDING, r.status(), "completion waits for the receiver's loop");
        assertEquals(1, loop.runAll());
        assertEquals("m", r.getNow(null));
    }

    @Test
    void cancellingAWaitingReceiverWithdrawsItAndLosesNothing() {
        Task<String> first = ch.receive();
        Task<String> second = ch.receive();
        assertTrue(first.cancel());
        assertEquals(Task.Status.CANCELLED, first.status());
        assertTrue(ch.trySend("m"));
        loop.runAll();
        assertEquals("m", second.getNow(null), "the cancelled receiver was skipped");
        assertTrue(ch.trySend("n"));
        assertEquals(1, ch.size(), "no receiver left waiting");
        assertEquals("n", ch.tryReceive());
    }

    @Test
    void cancelAfterTheMessageWasHandedOverIsRefusedAndTheMessageArrives() {
        Task<String> r = ch.receive();
        assertTrue(ch.trySend("m"));
        assertFalse(r.cancel(), "served already: cancel must not throw the message away");
        assertTrue(r.toCompletableFuture().cancel(false), "the copy is cancelled");
        assertEquals(Task.Status.PENDING, r.status(), "the task itself is not");
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, r.status());
        assertEquals("m", r.join());
    }

    @Test
    void cancellingAWaitingSenderTakesItsMessageBack() {
        ch.trySend("a");
        ch.trySend("b");
        Task<Void> c = ch.send("c");
        Task<Void> d = ch.send("d");
        assertTrue(c.cancel());
        assertEquals("a", ch.tryReceive());
        assertEquals("b", ch.tryReceive());
        assertEquals("d", ch.tryReceive(), "c was withdrawn");
        assertNull(ch.tryReceive());
        loop.runAll();
        assertEquals(Task.Status.CANCELLED, c.status());
        assertEquals(Task.Status.SUCCEEDED, d.status());
    }

    @Test
    void closeLetsReceiversDrainThenFailsEveryone() {
        ch.trySend("a");
        ch.trySend("b");
        Task<Void> waitingSender = ch.send("c");
        assertTrue(ch.close());
        assertFalse(ch.close(), "idempotent");
        assertTrue(ch.isClosed());
        loop.runAll();
        assertEquals(Task.Status.FAILED, waitingSender.status());
        assertInstanceOf(ClosedException.class, waitingSender.exceptionNow());

        ClosedException trySend = assertThrows(ClosedException.class, () -> ch.trySend("x"));
        assertTrue(trySend.getMessage().contains("closed"), trySend.getMessage());
        Task<Void> send = ch.send("x");
        assertInstanceOf(ClosedException.class, send.exceptionNow());

        assertEquals("a", ch.receive().join());
        assertEquals("b", ch.tryReceive());
        assertThrows(ClosedException.class, ch::tryReceive);
        CompletionException e = assertThrows(CompletionException.class, () -> ch.receive().join());
        assertInstanceOf(ClosedException.class, e.getCause());
    }

    @Test
    void closeFailsWaitingReceivers() {
        Task<String> r1 = ch.receive();
        Task<String> r2 = ch.receive();
        ch.close();
        loop.runAll();
        assertInstanceOf(ClosedException.class, r1.exceptionNow());
        assertInstanceOf(ClosedException.class, r2.exceptionNow());
        assertFalse(r1.cancel(), "already completed");
    }

    @Test
    void badArgumentsAreRefusedWithTheAcceptedRange() {
        SyncPrimitives sync = loop.sync();
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> sync.channel(0));
        assertEquals("channel capacity 0 is out of range; accepted: 1 to 1048576", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sync.channel(SyncPrimitives.MAX_CHANNEL_CAPACITY + 1));
        assertEquals(SyncPrimitives.MAX_CHANNEL_CAPACITY, sync.channel(SyncPrimitives.MAX_CHANNEL_CAPACITY).capacity());
        assertThrows(NullPointerException.class, () -> ch.trySend(null));
        assertThrows(NullPointerException.class, () -> ch.send(null));
    }

    @Test
    void theRingBufferBehavesAsABoundedQueueAcrossWrapArounds() {
        Channel<Integer> small = loop.sync().channel(3);
        java.util.ArrayDeque<Integer> model = new java.util.ArrayDeque<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 10_000; i++) {
            if (random.nextBoolean()) {
                assertEquals(model.size() < 3, small.trySend(i));
                if (model.size() < 3) {
                    model.add(i);
                }
            } else {
                assertEquals(model.poll(), small.tryReceive());
            }
            assertEquals(model.size(), small.size());
        }
    }
}
