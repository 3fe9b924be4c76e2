package io.polyloop.iocp;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.IoRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests of one driver that have their outcome but were not handed to a sink yet: a call that succeeded at once
 * (no packet with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS), a call that failed at once, a packet, a cancel of a queued
 * request. The sink never runs inside {@code submit} (SPI contract), so all of them wait here for the next poll. The
 * deque grows to the largest burst and stays there. Not thread safe: loop thread only.
 */
final class Completions {
    private final ArrayDeque<IoRequest> ready = new ArrayDeque<>(64);

    void finish(IoRequest r, int result) {
        r.complete(result);
        ready.add(r);
    }

    boolean isEmpty() {
        return ready.isEmpty();
    }

    /**
     * Delivers what is ready now; what the sink causes waits for the next poll, so that a callback that always
     * completes at once cannot keep one poll busy forever.
     */
    int deliver(CompletionSink sink) {
        int n = ready.size();
        for (int i = 0; i < n; i++) {
            sink.onCompletion(ready.poll());
        }
        return n;
    }

    /** Detach: the undelivered completions go to the caller. */
    List<IoRequest> takeAll() {
        List<IoRequest> out = new ArrayList<>(ready);
        ready.clear();
        return out;
    }
}
