package io.polyloop.api;

import java.util.List;

/**
 * A snapshot of a runtime, for status commands, logs and tests.
 *
 * @param strategy      the strategy running
 * @param backend       the backend the loops use or will use on first I/O (the resolution of {@code auto})
 * @param settings      the settings in effect
 * @param loops         one entry per loop
 * @param lastRejection the last rejected settings change and why, or {@code null} if none since the last accepted one
 * @param closed        whether {@link IoRuntime#close} has been called
 */
public record RuntimeInfo(Strategy strategy, String backend, RuntimeSettings settings, List<LoopInfo> loops,
                          String lastRejection, boolean closed) {
    public RuntimeInfo {
        loops = List.copyOf(loops);
    }
}
