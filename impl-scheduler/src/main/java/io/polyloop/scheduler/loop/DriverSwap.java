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
     * re-arming I/O reach the driver that can serve it.
     *
     * @return false if no fresh driver could be opened: the old one stays, untouched
     */
    static boolean swap(String name, DriverSlot slot, IoDriver old, LoopConfig current, LoopConfig next,
                     CompletionSink sink) throws IOException {
        long start = System.nanoTime();
        IoDriver fresh;
        try {
            fresh = next.provider().open(next.driverOptions(name));
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: cannot open a {} driver; keeping the {} driver", name, next.provider().name(),
                    old.backendName(), e);
            return false;
        }
        DriverHandoff handoff = old.detach();
        List<DetachedHandle> handles = handoff.handles();
        List<IoRequest> raced = new ArrayList<>(handoff.completed());
        try {
            fresh.adopt(handles);
        } catch (IOException | RuntimeException e) {
            LOG.error("{}: the {} driver refused the handles; reopening {}", name, fresh.backendName(),
                    old.backendName(), e);
            fresh.close(raced::add);
            fresh = current.provider().open(current.driverOptions(name));
            fresh.adopt(handles);
        }
        slot.replace(old, fresh, sink);
        for (IoRequest r : raced) {
            sink.onCompletion(r);
        }
        LOG.info("{}: driver replaced ({} -> {}), {} handles moved in {} us", name, old.backendName(),
                fresh.backendName(), handles.size(), (System.nanoTime() - start) / 1000);
        return true;
    }
}
