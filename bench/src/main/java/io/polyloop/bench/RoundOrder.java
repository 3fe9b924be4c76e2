package io.polyloop.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order subjects run in, per round of an interleaved run: a shuffle seeded by the round, so that no subject always
 * runs first, last or after the same neighbour (whatever one run leaves behind, page cache, a hot core, a GC'd
 * neighbour, falls on a different subject each round), and a rerun of the bench repeats the same orders.
 */
public final class RoundOrder {
    /** The base seed of the shuffles: round r uses {@code SEED + r}. */
    public static final long SEED = 20261121L;

    private RoundOrder() {
    }

    /** @return the indexes 0..n-1 in the order of round {@code round} (0-based) */
    public static List<Integer> of(int n, int round) {
        if (n < 0 || round < 0) {
            throw new IllegalArgumentException("n " + n + ", round " + round + ": both must be >= 0");
        }
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(SEED + round));
        return order;
    }
}
