package io.polyloop.bench.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SignTestTest {
    @Test
    void pairsNeededAtFivePercentAreTheExactBinomialThresholds() {
        assertEquals(10, SignTest.needed(12, 0.05)); // P(X >= 10) = 79/4096 = 0.019; P(X >= 9) = 0.073
        assertEquals(11, SignTest.needed(14, 0.05)); // 470/16384 = 0.029; P(X >= 10) = 0.090
        assertEquals(12, SignTest.needed(16, 0.05)); // 2517/65536 = 0.038; P(X >= 11) = 0.105
        assertEquals(6, SignTest.needed(6, 0.05));   // 1/64 = 0.016; P(X >= 5) = 7/64 = 0.109
        assertEquals(5, SignTest.needed(5, 0.05));   // 1/32 = 0.031
        assertEquals(5, SignTest.needed(4, 0.05));   // 1/16 > 0.05: even 4 of 4 is not enough
        assertEquals(1, SignTest.needed(0, 0.05));
    }

    @Test
    void upperTailIsExact() {
        assertEquals(79 / 4096.0, SignTest.upperTail(10, 12), 1e-15);
        assertEquals(1.0, SignTest.upperTail(0, 12), 0);
        assertEquals(0.5, SignTest.upperTail(1, 1), 0);
        assertEquals(0.0, SignTest.upperTail(13, 12), 0);
        assertEquals(0.5, SignTest.upperTail(4, 7), 1e-15); // odd n: P(X >= 4) = 64/128 by symmetry
        assertThrows(IllegalArgumentException.class, () -> SignTest.upperTail(1, -1));
    }
}
