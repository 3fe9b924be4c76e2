package io.polyloop.kqueue;

import io.polyloop.posix.DirectBuffers;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoRequest;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Regular files, which kqueue cannot wait for: each operation runs as a {@link FileTask} on the provider's
 * {@link BlockingPool}, one at a time per file (so that per-handle order holds without locking), and comes back
 * through an MPSC queue plus a wake-up. A file handle's queue is {@link HandleState#writes}, whatever the operation.
 * Loop thread only, except {@link #returned}.
 */
final class FileOps {
    private final KqueueBackendProvider provider;
    private final KqueueDriver driver;
    private final HandleRegistry handles;
    private final Completions done;
    private final ConcurrentLinkedQueue<FileTask> returned = new ConcurrentLinkedQueue<>();

    FileOps(KqueueBackendProvider provider, KqueueDriver driver, HandleRegistry handles, Completions done) {
        this.provider = provider;
        this.driver = driver;
        this.handles = handles;
        this.done = done;
    }

    void enqueue(HandleState st, IoRequest r) {
        st.writes.add(r, st.nextSeq());
        dispatch(st);
    }

    /** Hands the next queued operation to the pool, unless one is running or a CLOSE waits for it. */
    void dispatch(HandleState st) {
        IoRequest r;
        while (st.running == null && st.closeAfterRunning == null && (r = st.writes.peek()) != null) {
            long address = 0;
            long length = 0;
            if (r.op() != IoRequest.Op.FSYNC) {
                address = DirectBuffers.positionAddress(r.buffer());
                length = r.buffer().remaining();
            }
            FileTask t = new FileTask(st, r, address, length);
            st.writes.poll();
            if (provider.blockingPool(driver).offer(t)) {
                st.running = t;
            } else {
                done.finish(r, -Errno.EAGAIN); // pool queue full: a stated bound, not unbounded growth
            }
        }
    }

    /**
     * Cancel of the running operation: succeeds only if no worker took it yet.
     *
     * @return false if {@code r} is not the running operation of {@code st}; true if it is (cancelled, or too late
     *         and completing with its real result)
     */
    boolean cancelRunning(HandleState st, IoRequest r) {
        FileTask t = st.running;
        if (t == null || t.request != r) {
            return false;
        }
        if (t.cancelIfQueued()) {
            st.running = null;
            done.finish(r, -Errno.ECANCELED);
            dispatch(st);
        }
        return true;
    }

    /**
     * CLOSE with an operation on the pool: a queued one is cancelled; a running one is in pread/pwrite on this fd,
     * which must not be closed (and its number reused) under it.
     *
     * @return true if the CLOSE has to wait for the running operation (it completes when that one comes back)
     */
    boolean deferClose(HandleState st, IoRequest close) {
        FileTask t = st.running;
        if (t == null) {
            return false;
        }
        if (!t.cancelIfQueued()) {
            st.closeAfterRunning = close;
            return true;
        }
        st.running = null;
        done.finish(t.request, -Errno.ECANCELED);
        return false;
    }

    /** Worker thread. */
    void returned(FileTask t) {
        returned.add(t);
        driver.wakeup();
    }

    /** Completes the operations that came back; each lets the next of its file start (or its CLOSE finish). */
    void drainReturned() {
        FileTask t;
        while ((t = returned.poll()) != null) {
            if (t.state.running == t) {
                finished(t.state, t);
            } // else already settled by detach or close, which waited for it
        }
    }

    private void finished(HandleState st, FileTask t) {
        st.running = null;
        done.finish(t.request, t.result());
        if (!closeIfWaiting(st)) {
            dispatch(st);
        }
    }

    /**
     * Detach and close: makes sure no worker touches the file any more. A queued task is taken back (returned, not
     * run); a running one is waited for and completed, and a CLOSE waiting for it finishes.
     *
     * @return the request of a task taken back, or null
     */
    IoRequest settle(HandleState st) {
        FileTask t = st.running;
        if (t == null) {
            return null;
        }
        st.running = null;
        if (t.cancelIfQueued()) {
            return t.request;
        }
        t.awaitDone();
        done.finish(t.request, t.result());
        closeIfWaiting(st);
        return null;
    }

    /** Forgets tasks that came back after {@link #settle} already completed them. */
    void discardReturned() {
        returned.clear();
    }

    private boolean closeIfWaiting(HandleState st) {
        IoRequest c = st.closeAfterRunning;
        if (c == null) {
            return false;
        }
        st.closeAfterRunning = null;
        done.finish(c, handles.closeFd(st));
        return true;
    }
}
