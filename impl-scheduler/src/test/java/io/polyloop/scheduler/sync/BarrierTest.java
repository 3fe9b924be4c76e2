package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.api.sync.Barrier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BarrierTest {
    private final ManualLoop loop = new ManualLoop();

    @Test
    void theLastArrivalLeadsAndReleasesEveryoneAndTheBarrierIsReusable() {
        Barrier barrier = loop.sync().barrier(3);
        for (int generation = 0; generation < 3; generation++) {
            Task<Boolean> a = barrier.await();
            Task<Boolean> b = barrier.await();
            assertEquals(2, barrier.waiting());
            Task<Boolean> c = barrier.await();
            loop.runAll();
            assertEquals(Boolean.FALSE, a.getNow(null));
            assertEquals(Boolean.FALSE, b.getNow(null));
            assertEquals(Boolean.TRUE, c.getNow(null), "exactly one leader");
            assertEquals(0, barrier.waiting());
        }
    }

    @Test
    void aWithdrawnArrivalMustBeMadeUp() {
        Barrier barrier = loop.sync().barrier(2);
        Task<Boolean> a = barrier.await();
        assertTrue(a.cancel());
        Task<Boolean> b = barrier.await();
        loop.runAll();
        assertEquals(Task.Status.PENDING, b.status(), "a's arrival was taken back");
        assertEquals(Boolean.TRUE, barrier.await().getNow(null));
        loop.runAll();
        assertEquals(Boolean.FALSE, b.getNow(null));
    }

    @Test
    void oneParty() {
        assertEquals(Boolean.TRUE, loop.sync().barrier(1).await().getNow(null));
        assertEquals("barrier parties 0 is out of range; accepted: 1 to 2147483647",
                assertThrows(IllegalArgumentException.class, () -> loop.sync().barrier(0)).getMessage());
    }
}
