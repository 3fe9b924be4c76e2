package io.polyloop.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundOrderTest {
    @Test
    void everyRoundIsAPermutationRepeatableAcrossRunsAndTheOrdersDiffer() {
        Set<List<Integer>> orders = new HashSet<>();
        Set<Integer> firsts = new HashSet<>();
        for (int r = 0; r < 5; r++) {
            List<Integer> o = RoundOrder.of(11, r);
            assertEquals(11, o.size());
            assertEquals(11, new HashSet<>(o).size());
            assertEquals(o, RoundOrder.of(11, r));
            orders.add(o);
            firsts.add(o.get(0));
        }
        assertEquals(5, orders.size());
        assertTrue(firsts.size() > 1, "the same server runs first in every round: " + firsts);
        assertThrows(IllegalArgumentException.class, () -> RoundOrder.of(-1, 0));
    }
}
