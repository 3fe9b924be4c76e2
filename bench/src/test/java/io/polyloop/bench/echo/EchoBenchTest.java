package io.polyloop.bench.echo;

import io.polyloop.bench.BenchMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoBenchTest {
    static List<Integer> fullRounds(int full, int total) {
        List<Integer> l = new ArrayList<>();
        for (int r = 0; r < total; r++) {
            if (EchoBench.fullRound(r, full, total)) {
                l.add(r);
            }
        }
        return l;
    }

    @Test
    void fullRoundsAreSpreadAmongTheGoalRounds() {
        assertEquals(List.of(0, 4, 8), fullRounds(3, 12));
        assertEquals(List.of(0, 2, 4), fullRounds(3, 6));
        assertEquals(List.of(0, 1, 2), fullRounds(3, 3));
        assertEquals(List.of(), fullRounds(0, 4));
        assertThrows(IllegalArgumentException.class, () -> EchoBench.fullRound(12, 3, 12));
        assertThrows(IllegalArgumentException.class, () -> EchoBench.fullRound(0, 5, 4));
    }

    @Test
    void theGoalServersAreServersOfEveryModeAndGetAtLeastTwelvePairsInRecordMode() {
        for (String m : List.of("quick", "full", "record")) {
            BenchMode mode = BenchMode.parse(m);
            List<String> labels = new ArrayList<>();
            new EchoBench(mode, null, null, -1).servers().forEach(s -> labels.add(s.label()));
            assertTrue(labels.containsAll(EchoBench.GOAL_SERVERS), labels.toString());
        }
        BenchMode record = BenchMode.parse("record");
        assertTrue(record.record() && !BenchMode.parse("full").record());
        assertTrue(record.echoRounds() + record.goalRounds() >= 12);
        assertThrows(IllegalArgumentException.class, () -> BenchMode.parse("fast"));
    }
}
