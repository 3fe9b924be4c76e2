package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopResource;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.IoHandle;

/**
 * A front-end object that owns one handle on one loop and closes it once: the close life cycle shared by listeners
 * and connections. Thread safe: off-loop closes are posted to the loop.
 */
abstract class OwnedHandle implements LoopResource {
    final EventLoop loop;
    final IoHandle handle;
    private final LoopTask<Void> closed;
    private volatile boolean open = true;

    OwnedHandle(EventLoop loop, IoHandle handle) {
        this.loop = loop;
        this.handle = handle;
        this.closed = new LoopTask<>(loop);
    }

    /** Loop thread: fails what waits on this object; the driver's CLOSE cancels what it holds. */
    abstract void failPending();

    public final Task<Void> closeAsync() {
        loop.run(this::closeOnLoop, closed);
        return closed;
    }

    public final void close() {
        closeAsync();
    }

    public final boolean isOpen() {
        return open;
    }

    @Override
    public final void closeOnShutdown() {
        closeOnLoop();
    }

    private void closeOnLoop() {
        if (!open) {
            return;
        }
        open = false;
        failPending();
        Connections.release(loop, handle, this, closed);
    }
}
