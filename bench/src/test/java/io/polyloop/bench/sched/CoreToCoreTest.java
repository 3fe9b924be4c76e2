package io.polyloop.bench.sched;

import io.polyloop.bench.report.Spread;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoreToCoreTest {
    @Test
    @Timeout(30)
    void everyRoundGivesAPositiveRoundTripAndStopsItsResponder() throws Exception {
        int before = Thread.activeCount();
        Spread s = CoreToCore.roundTripNanos(2, 50);
        assertEquals(2, s.count());
        assertTrue(s.min() > 0, s.toString());
        Thread.sleep(100);
        assertTrue(Thread.activeCount() <= before, "a core-to-core responder thread is still running");
    }
}
