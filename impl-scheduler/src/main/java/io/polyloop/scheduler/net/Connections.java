package io.polyloop.scheduler.net;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.IoCompletion;
import io.polyloop.scheduler.loop.LoopResource;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Driver access shared by the front-end classes (TCP, UDP, files). Loop thread only. */
public final class Connections {
    private static final IoCompletion IGNORE = r -> { };

    private Connections() {
    }

    /**
     * @return the loop's driver; it exists whenever a handle does, so failing to open one here is a bug, not an
     *         I/O condition
     */
    public static IoDriver driver(EventLoop loop) {
        try {
            return loop.driver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void cancel(EventLoop loop, IoRequest request) {
        driver(loop).cancel(request);
    }

    /** Closes the handle of {@code owner}; when the driver confirms, unregisters it and completes {@code closed}. */
    public static void release(EventLoop loop, IoHandle handle, LoopResource owner, LoopTask<Void> closed) {
        loop.submit(new IoRequest().close(handle).attachment((IoCompletion) r -> {
            loop.unregister(owner);
            closed.complete(null);
        }));
    }

    /** Closes a handle no front-end object owns (a failed connect, an accept nobody waits for). */
    public static void closeQuietly(EventLoop loop, IoHandle handle) {
        loop.submit(new IoRequest().close(handle).attachment(IGNORE));
    }
}
