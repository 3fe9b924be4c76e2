package io.polyloop.iouring;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.IoRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests that have their outcome but were not handed to a sink yet: CQEs reaped in a poll, and what completes
 * inside {@code submit} or {@code cancel} (the sink may never run there). The deque grows to the largest burst and
 * stays, so a completion allocates nothing. Not thread safe: loop thread only.
 */
final class Completions {
    private final ArrayDeque<IoRequest> ready = new ArrayDeque<>(64);
    /** Bytes the stream RECVs finished since the last {@link #takeReceived}: the driver's early-delivery gate. */
    private int received;

    void finish(IoRequest r, int result) {
        r.complete(result);
        if (result > 0 && (r.op() == IoRequest.Op.RECV_SELECT || r.op() == IoRequest.Op.RECV)) {
            received += result;
        }
        ready.add(r);
    }

    /** @return bytes received by the RECVs finished since the last call; the count starts again at 0 */
    int takeReceived() {
        int n = received;
        received = 0;
        return n;
    }

    boolean isEmpty() {
        return ready.isEmpty();
    }

    int size() {
        return ready.size();
    }

    /** Delivers the first {@code count}; what the sink causes waits for the next poll (no endless poll). */
    int deliver(CompletionSink sink, int count) {
        for (int i = 0; i < count; i++) {
            sink.onCompletion(ready.poll());
        }
        return count;
    }

    /** Detach: the undelivered completions go to the caller, who delivers them once the next driver holds the handles. */
    List<IoRequest> takeAll() {
        List<IoRequest> out = new ArrayList<>(ready);
        ready.clear();
        return out;
    }
}
