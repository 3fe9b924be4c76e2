package io.polyloop.scheduler.loop;

import io.polyloop.spi.CompletionSink;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * A loop's side of its driver: opens it on first use, counts the operations in flight and delivers their
 * completions (it is the loop's {@link CompletionSink}). Loop thread only; not thread safe.
 */
final class LoopIo implements CompletionSink {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final String name;
    private final DriverSlot slot;
    private final LoopStats stats;
    private int pendingOps;
    /** Set before a blocking poll; the first completion after it marks the loop busy for the watchdog. */
    private boolean asleep;

    LoopIo(String name, DriverSlot slot, LoopStats stats) {
        this.name = name;
        this.slot = slot;
        this.stats = stats;
    }

    /** Opens the loop's first driver with {@code config} and publishes it in the slot. */
    IoDriver open(LoopConfig config) throws IOException {
        IoDriver d = config.provider().open(config.driverOptions(name));
        slot.open(d);
        LOG.debug("{}: opened {} driver", name, d.backendName());
        return d;
    }

    /** Submits {@code request} to {@code driver}; it counts as outstanding until its completion is delivered. */
    void submit(IoDriver driver, IoRequest request) {
        driver.submit(request);
        pendingOps++;
    }

    /** @return I/O operations submitted and not yet delivered */
    int pendingOps() {
        return pendingOps;
    }

    /** A retiring loop: @return the operations in flight, which now count on the heir; this loop's count is 0 */
    int takePendingOps() {
        int ops = pendingOps;
        pendingOps = 0;
        return ops;
    }

    /** Operations in flight taken over from a retiring loop (or back from a cargo no heir took). */
    void addPendingOps(int ops) {
        pendingOps += ops;
    }

    /** Before a blocking poll: a sleep is not a blocked turn; the next completion marks the loop busy again. */
    void sleeping() {
        stats.idle();
        asleep = true;
    }

    @Override
    public void onCompletion(IoRequest request) {
        pendingOps--;
        if (asleep) {
            asleep = false;
            stats.busy(System.nanoTime());
        }
        try {
            ((IoCompletion) request.attachment()).onIoComplete(request);
        } catch (Throwable t) {
            LOG.error("{}: completion handler of {} threw; the loop goes on", name, request, t);
        }
    }
}
