package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Notify;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotifyTest {
    private final ManualLoop loop = new ManualLoop();
    private final Notify notify = loop.sync().notifier();

    @Test
    void notifyOneWithNobodyWaitingStoresOnePermitThatDoesNotAccumulate() {
        notify.notifyOne();
        notify.notifyOne();
        assertEquals(Task.Status.SUCCEEDED, notify.notified().status());
        assertEquals(Task.Status.PENDING, notify.notified().status(), "one permit, not two");
    }

    @Test
    void notifyOneWakesTheOldestWaiter() {
        Task<Void> a = notify.notified();
        Task<Void> b = notify.notified();
        notify.notifyOne();
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, a.status());
        assertEquals(Task.Status.PENDING, b.status());
    }

    @Test
    void notifyWaitersWakesEveryWaiterAndStoresNothing() {
        Task<Void> a = notify.notified();
        Task<Void> b = notify.notified();
        notify.notifyWaiters();
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, a.status());
        assertEquals(Task.Status.SUCCEEDED, b.status());
        assertEquals(Task.Status.PENDING, notify.notified().status());
    }

    @Test
    void aNotificationIsNeitherLostToACancelledWaiterNorTakenBackFromAServedOne() {
        Task<Void> cancelled = notify.notified();
        Task<Void> next = notify.notified();
        assertTrue(cancelled.cancel());
        notify.notifyOne();
        assertFalse(next.cancel(), "served already");
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, next.status());
    }
}
