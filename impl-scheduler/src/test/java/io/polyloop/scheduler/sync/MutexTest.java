package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Mutex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MutexTest {
    private final ManualLoop loop = new ManualLoop();
    private final Mutex mutex = loop.sync().mutex();

    @Test
    void waitersGetTheLockInArrivalOrderAndNobodyBarges() {
        assertTrue(mutex.tryLock());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int id = i;
            mutex.lock().thenRun(() -> order.add(id));
        }
        for (int i = 0; i < 5; i++) {
            assertFalse(mutex.tryLock(), "the lock goes to the oldest waiter, not to a newcomer");
            mutex.unlock();
            loop.runAll();
            assertEquals(i + 1, order.size());
            assertTrue(mutex.isLocked(), "handed over, never free in between");
        }
        assertEquals(List.of(0, 1, 2, 3, 4), order);
        mutex.unlock();
        assertFalse(mutex.isLocked());
    }

    @Test
    void aCancelledWaiterIsSkipped() {
        assertTrue(mutex.tryLock());
        Task<Void> a = mutex.lock();
        Task<Void> b = mutex.lock();
        Task<Void> c = mutex.lock();
        assertTrue(b.cancel());
        mutex.unlock();
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, a.status());
        mutex.unlock();
        loop.runAll();
        assertEquals(Task.Status.CANCELLED, b.status());
        assertEquals(Task.Status.SUCCEEDED, c.status());
        mutex.unlock();
        assertFalse(mutex.isLocked(), "the cancelled waiter holds nothing");
    }

    @Test
    void cancellingTheServedWaiterIsRefusedSoTheLockIsNotLost() {
        assertTrue(mutex.tryLock());
        Task<Void> w = mutex.lock();
        mutex.unlock();
        assertFalse(w.cancel());
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, w.status());
        assertTrue(mutex.isLocked());
        mutex.unlock();
        assertTrue(mutex.tryLock());
    }

    @Test
    void unlockingAnUnlockedMutexIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, mutex::unlock);
        assertEquals("unlock() of a mutex that is not locked", e.getMessage());
        assertTrue(mutex.tryLock());
        mutex.unlock();
        assertThrows(IllegalStateException.class, mutex::unlock, "a double unlock is caught");
    }
}
