package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.readiness.Completions;
import io.polyloop.posix.readiness.FileOps;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The two halves of a driver swap. Detach takes every handle out of this driver with its unfinished requests in
 * submission order; adopt takes handles from another driver, queues their requests in that order and resumes them.
 * Epoll has nothing in flight in the kernel (a readiness backend only queues), so detach cancels nothing there; only
 * a file operation on the blocking pool may be running, and it is waited for. Allocates: a swap is rare and not
 * on the hot path. Not thread safe: loop thread only.
 */
final class HotSwap {
    private final HandleRegistry handles;
    private final SocketQueues sockets;
    private final FileOps files;
    private final Completions done;

    HotSwap(HandleRegistry handles, SocketQueues sockets, FileOps files, Completions done) {
        this.handles = handles;
        this.sockets = sockets;
        this.files = files;
        this.done = done;
    }

    DriverHandoff detach() {
        List<DetachedHandle> out = new ArrayList<>();
        for (HandleState st : handles.snapshot()) {
            IoRequest notStarted = files.settle(st);
            if (st.handle.isClosed()) {
                continue; // a CLOSE that waited for the file task finished it
            }
            out.add(take(st, notStarted));
        }
        files.discardReturned();
        return new DriverHandoff(out, done.takeAll());
    }

    /**
     * {@link io.polyloop.spi.HandleTransfer#release}: one handle leaves a running driver. A file whose operation
     * runs on the blocking pool is refused rather than waited for (the loop must not block).
     */
    DetachedHandle release(IoHandle h) throws IOException {
        HandleState st = handles.stateOf(h);
        if (st == null || h.isClosed()) {
            throw Errors.exception(io.polyloop.posix.LinuxConstants.EBADF, "release " + h + ": not open in this driver");
        }
        if (st.running != null) {
            throw new IOException("release " + h + ": a file operation of it is running on the blocking pool");
        }
        return take(st, null);
    }

    private DetachedHandle take(HandleState st, IoRequest notStarted) {
        List<IoRequest> pending = new ArrayList<>(st.reads.size() + st.writes.size() + 1);
        if (notStarted != null) {
            pending.add(notStarted); // it was running, so it was submitted before everything still queued
        }
        st.drainBySubmission(pending, SocketQueues.CONNECTING);
        handles.forget(st);
        DetachedHandle out = new DetachedHandle(st.handle, pending, st.carried); // not served yet: it travels on
        st.carried = null;
        return out;
    }

    /** All handles join first (and leave again if one cannot), then their requests resume. */
    void adopt(List<DetachedHandle> detached) throws IOException {
        List<HandleState> added = new ArrayList<>(detached.size());
        for (DetachedHandle dh : detached) {
            IoHandle h = dh.handle();
            int r = h.driverState() != null ? -Errno.EINVAL : handles.attach(h);
            if (r < 0) {
                for (HandleState st : added) {
                    handles.forget(st);
                }
                throw Errors.exception(-r, "adopt " + h + (h.driverState() != null ? ": still attached" : ""));
            }
            added.add(handles.stateOf(h));
        }
        for (int i = 0; i < detached.size(); i++) {
            HandleState st = added.get(i);
            st.carried = detached.get(i).carried();
            st.resume(detached.get(i).pending()); // readiness unknown: both ready, the first syscall finds out
            if (st.isFile()) {
                files.dispatch(st);
            } else {
                sockets.drain(st);
            }
        }
    }
}
