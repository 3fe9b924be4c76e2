package io.polyloop.bench.memory;

import io.polyloop.bench.BenchMode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryBenchTest {
    @Test
    void batchesFitUnderTheOpenFileLimitTheServersInherit() {
        long limit = MemoryBench.openFileLimit();
        assertTrue(limit > 0, "open-file limit " + limit);
        for (String m : new String[] {"quick", "full", "record"}) {
            BenchMode mode = BenchMode.parse(m);
            int n = new MemoryBench(mode, null, null).batchSize();
            assertTrue(n <= mode.idleConnections(), m + ": " + n);
            assertTrue(n >= 100, m + ": " + n);
            assertTrue(limit < 2_500 || (long) n * MemoryBench.BATCHES + 2_000 <= limit,
                    m + ": " + MemoryBench.BATCHES + " batches of " + n + " over the limit " + limit);
        }
    }
}
