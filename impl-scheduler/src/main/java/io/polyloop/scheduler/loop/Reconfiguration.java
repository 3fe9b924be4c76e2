package io.polyloop.scheduler.loop;

import java.util.concurrent.CompletableFuture;

/**
 * A settings change on its way to a loop and its outcome: completed by the loop at its next safe point with null
 * if applied, or with why not (the loop then keeps its previous settings and driver).
 */
final class Reconfiguration {
    final LoopConfig config;
    final CompletableFuture<String> outcome = new CompletableFuture<>();

    Reconfiguration(LoopConfig config) {
        this.config = config;
    }
}
