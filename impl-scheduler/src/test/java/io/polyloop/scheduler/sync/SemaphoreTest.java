package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.ClosedException;
import io.polyloop.api.sync.Semaphore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SemaphoreTest {
    private final ManualLoop loop = new ManualLoop();
    private final Semaphore sem = loop.sync().semaphore(3);

    @Test
    void aLargeRequestAtTheHeadIsNotOvertakenAndCollectsReleasedPermits() {
        assertTrue(sem.tryAcquire(2));
        Task<Void> big = sem.acquire(3); // takes the 1 left, waits for 2 more
        assertEquals(0, sem.availablePermits());
        Task<Void> small = sem.acquire(1);
        assertFalse(sem.tryAcquire(), "nobody overtakes a waiter");
        sem.release(1);
        loop.runAll();
        assertEquals(Task.Status.PENDING, big.status(), "2 of 3 set aside");
        assertEquals(Task.Status.PENDING, small.status(), "the released permit went to the head");
        sem.release(1);
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, big.status());
        assertEquals(Task.Status.PENDING, small.status());
        sem.release(3);
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, small.status());
        assertEquals(2, sem.availablePermits());
    }

    @Test
    void cancellingAPartlyServedWaiterGivesItsPermitsToTheNext() {
        assertTrue(sem.tryAcquire(3));
        Task<Void> big = sem.acquire(3);
        Task<Void> next = sem.acquire(2);
        sem.release(2); // set aside for big
        assertTrue(big.cancel());
        loop.runAll();
        assertEquals(Task.Status.CANCELLED, big.status());
        assertEquals(Task.Status.SUCCEEDED, next.status(), "big's 2 permits went on to next");
        assertEquals(0, sem.availablePermits());
        sem.release(3);
        assertEquals(3, sem.availablePermits(), "no permit lost, none invented");
    }

    @Test
    void cancelAfterTheGrantIsRefusedAndThePermitsAreHeld() {
        assertTrue(sem.tryAcquire(3));
        Task<Void> w = sem.acquire(1);
        sem.release(1);
        assertFalse(w.cancel(), "granted already");
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, w.status());
        assertEquals(0, sem.availablePermits(), "the waiter holds the permit");
    }

    @Test
    void closeFailsWaitersAndLaterAcquiresButReleasesStillCount() {
        assertTrue(sem.tryAcquire(3));
        Task<Void> w = sem.acquire(2);
        sem.close();
        assertTrue(sem.isClosed());
        loop.runAll();
        assertInstanceOf(ClosedException.class, w.exceptionNow());
        assertInstanceOf(ClosedException.class, sem.acquire().exceptionNow());
        assertFalse(sem.tryAcquire());
        sem.release(3);
        assertEquals(3, sem.availablePermits());
    }

    @Test
    void badArgumentsAreRefusedWithTheAcceptedRange() {
        assertEquals("permits 0 is out of range; accepted: 1 to 2147483647",
                assertThrows(IllegalArgumentException.class, () -> sem.acquire(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> sem.release(-1));
        assertEquals("semaphore permits -1 is out of range; accepted: 0 to 2147483647",
                assertThrows(IllegalArgumentException.class, () -> loop.sync().semaphore(-1)).getMessage());
        Semaphore full = loop.sync().semaphore(Integer.MAX_VALUE);
        assertThrows(IllegalStateException.class, full::release);
        assertEquals(Integer.MAX_VALUE, full.availablePermits());
    }

    @Test
    void releaseWithoutAcquireAddsPermitsAsJavaAndTokioDo() {
        Semaphore zero = loop.sync().semaphore(0);
        Task<Void> w = zero.acquire();
        zero.release(2);
        loop.runAll();
        assertEquals(Task.Status.SUCCEEDED, w.status());
        assertEquals(1, zero.availablePermits());
    }
}
