package io.polyloop.posix.readiness;

import io.polyloop.posix.DirectBuffers;
import io.polyloop.posix.PosixPlatform;
import io.polyloop.posix.PosixSyscalls;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoRequest;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Regular files, which no readiness API can wait for: each operation runs as a {@link FileTask} on the provider's
 * {@link BlockingPool}, one at a time per file (so that per-handle order holds without locking), and comes back
 * through an MPSC queue plus a wake-up. A file handle's queue is {@link ReadinessState#writes}, whatever the
 * operation. One per driver. Loop thread only, except {@link #returned}.
 */
public final class FileOps {
    final PosixSyscalls sys;
    final PosixPlatform p;
    private final Supplier<BlockingPool> pool;
    private final Runnable wakeup;
    private final ToIntFunction<ReadinessState> closeFd;
    private final Completions done;
    private final ConcurrentLinkedQueue<FileTask> returned = new ConcurrentLinkedQueue<>();

    /**
     * @param sys     the calls the workers make, numbered as {@code p} says
     * @param pool    the provider's pool, asked at each dispatch (it may be created on first use)
     * @param wakeup  wakes the driver's loop from a worker thread
     * @param closeFd the driver's close of a handle (leaves the driver, close(2)): 0 or -errno
     */
    public FileOps(PosixSyscalls sys, PosixPlatform p, Supplier<BlockingPool> pool, Runnable wakeup,
            ToIntFunction<ReadinessState> closeFd, Completions done) {
        this.sys = sys;
        this.p = p;
        this.pool = pool;
        this.wakeup = wakeup;
        this.closeFd = closeFd;
        this.done = done;
    }

    public void enqueue(ReadinessState st, IoRequest r) {
        st.writes.add(r, st.nextSeq());
        dispatch(st);
    }

    /** Hands the next queued operation to the pool, unless one is running or a CLOSE waits for it. */
    public void dispatch(ReadinessState st) {
        IoRequest r;
        while (st.running == null && st.closeAfterRunning == null && (r = st.writes.peek()) != null) {
            long address = 0;
            long length = 0;
            if (r.op() != IoRequest.Op.FSYNC) {
                address = DirectBuffers.positionAddress(r.buffer());
                length = r.buffer().remaining();
            }
            FileTask t = new FileTask(this, st, r, address, length);
            st.writes.poll();
            if (pool.get().offer(t)) {
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
    public boolean cancelRunning(ReadinessState st, IoRequest r) {
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
    public boolean deferClose(ReadinessState st, IoRequest close) {
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
        wakeup.run();
    }

    /** Completes the operations that came back; each lets the next of its file start (or its CLOSE finish). */
    public void drainReturned() {
        FileTask t;
        while ((t = returned.poll()) != null) {
            if (t.state.running == t) {
                finished(t.state, t);
            } // else already settled by detach or close, which waited for it
        }
    }

    private void finished(ReadinessState st, FileTask t) {
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
    public IoRequest settle(ReadinessState st) {
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
    public void discardReturned() {
        returned.clear();
    }

    private boolean closeIfWaiting(ReadinessState st) {
        IoRequest c = st.closeAfterRunning;
        if (c == null) {
            return false;
        }
        st.closeAfterRunning = null;
        done.finish(c, closeFd.applyAsInt(st));
        return true;
    }
}
