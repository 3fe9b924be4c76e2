package io.polyloop.scheduler.loop;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Replaces a loop's driver at a safe point between two turns (hot swap). Loop thread only. */
final class DriverSwap {
    private static final Logger LOG = LoggerFactory.getLogger(DriverSwap.class);

    private DriverSwap() {
    }

    /**
     * Moves every handle with its pending requests to a fresh driver; nothing is closed, nothing lost. Completions
     * that raced the detach are held back and delivered once the fresh driver holds the handles, so that callbacks
     * re-arming I/O reach the driver that can serve it. The pause (open, detach, adopt, redelivery) goes to
     * {@code stats} and the log.
     *
     * @return null if the loop now runs a driver from {@code next}; else why not, with the loop still on a driver
     *         of {@code current} holding every handle (the old one untouched if the fresh one could not open)
     * @throws IOException only if neither the fresh driver nor a reopened {@code current} one took the handles
     */
    static String swap(String name, DriverSlot slot, IoDriver old, LoopConfig current, LoopConfig next,
                       CompletionSink sink, LoopStats stats) throws IOException {
        long start = System.nanoTime();
        IoDriver fresh;
        try {
            fresh = next.provider().open(next.driverOptions(name));
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: cannot open a {} driver; keeping the {} driver", name, next.provider().name(),
                    old.backendName(), e);
            return name + ": cannot open a " + next.provider().name() + " driver: " + e;
        }
        DriverHandoff handoff = old.detach();
        List<DetachedHandle> handles = handoff.handles();
        List<IoRequest> raced = new ArrayList<>(handoff.completed());
        String failure = null;
        try {
            fresh.adopt(handles);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: the {} driver refused the handles; reopening {}", name, fresh.backendName(),
                    old.backendName(), e);
            failure = name + ": the " + fresh.backendName() + " driver refused the handles: " + e;
            fresh.close(raced::add);
            fresh = current.provider().open(current.driverOptions(name));
            fresh.adopt(handles);
        }
        slot.replace(old, fresh, sink);
        for (IoRequest r : raced) {
            sink.onCompletion(r);
        }
        long pause = System.nanoTime() - start;
        stats.swapped(pause);
        LOG.info("{}: driver replaced ({} -> {}), {} handles moved; the loop paused {} us", name, old.backendName(),
                fresh.backendName(), handles.size(), pause / 1000);
        return failure;
    }
}
