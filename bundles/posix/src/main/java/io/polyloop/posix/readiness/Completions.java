package io.polyloop.posix.readiness;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests of one driver that have their outcome but were not handed to a sink yet. Everything completes through
 * here, because the sink may never run inside {@code submit} (SPI contract): a syscall that succeeds at once, an
 * event, a file task coming back, a cancel. The deque grows to the largest burst and stays there, so a completion
 * allocates nothing. Not thread safe: loop thread only.
 */
public final class Completions {
    private final ArrayDeque<IoRequest> ready = new ArrayDeque<>(64);

    public void finish(IoRequest r, int result) {
        r.complete(result);
        ready.add(r);
    }

    /** Completes every request queued on {@code st} with -ECANCELED, reads first. */
    public void cancelQueued(ReadinessState st) {
        cancelQueued(st, -Errno.ECANCELED);
    }

    /** Completes every request queued on {@code st} with {@code result}, reads first. */
    public void cancelQueued(ReadinessState st, int result) {
        IoRequest r;
        while ((r = st.reads.poll()) != null) {
            finish(r, result);
        }
        while ((r = st.writes.poll()) != null) {
            finish(r, result);
        }
    }

    public boolean isEmpty() {
        return ready.isEmpty();
    }

    public int size() {
        return ready.size();
    }

    /**
     * Delivers the first {@code count}; those the sink causes (it may submit again) wait for the next poll, so that
     * one poll cannot be kept busy forever by a callback that always completes at once.
     */
    public int deliver(CompletionSink sink, int count) {
        for (int i = 0; i < count; i++) {
            sink.onCompletion(ready.poll());
        }
        return count;
    }

    /** Detach: the undelivered completions go to the caller, who delivers them once the next driver holds the handles. */
    public List<IoRequest> takeAll() {
        List<IoRequest> out = new ArrayList<>(ready);
        ready.clear();
        return out;
    }
}
