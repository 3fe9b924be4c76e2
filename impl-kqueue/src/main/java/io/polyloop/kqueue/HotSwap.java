package io.polyloop.kqueue;

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
 * submission order (release takes one, the driver running on); adopt takes handles from another driver, queues their
 * requests in that order and resumes them, serving the input the previous driver had received ahead of them
 * ({@link io.polyloop.spi.CarriedInput}) first. A readiness backend has nothing in flight in the kernel, so detach
 * cancels nothing; only a file operation on the blocking pool may be running, and it is waited for. The detached
 * sockets' knotes die with this driver's kqueue when it closes, a released socket's are deleted at once; the adopting
 * driver registers them anew in its own. Allocates: a swap is rare and not on the hot path. Not thread safe: loop
 * thread only.
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
            handles.forget(st); // the whole kqueue closes with this driver, and its knotes with it
            out.add(take(st, notStarted));
        }
        files.discardReturned();
        return new DriverHandoff(out, done.takeAll());
    }

    /**
     * {@link io.polyloop.spi.HandleTransfer#release}: one handle leaves a running driver, its knotes deleted from this
     * kqueue, which lives on. A file whose operation runs on the blocking pool is refused rather than waited for (the
     * loop must not block).
     */
    DetachedHandle release(IoHandle h) throws IOException {
        HandleState st = handles.stateOf(h);
        if (st == null || h.isClosed()) {
            throw Errno.toException(-Errno.EBADF, "release " + h + ": not open in this driver");
        }
        if (st.running != null) {
            throw new IOException("release " + h + ": a file operation of it is running on the blocking pool");
        }
        handles.release(st); // first: if the kernel refuses, the handle stays here untouched
        return take(st, null);
    }

    /** The handle's requests in submission order and its carried input, out of a state that has left the driver. */
    private static DetachedHandle take(HandleState st, IoRequest notStarted) {
        List<IoRequest> pending = new ArrayList<>(st.reads.size() + st.writes.size() + 1);
        if (notStarted != null) {
            pending.add(notStarted); // it was running, so it was submitted before everything still queued
        }
        st.drainBySubmission(pending, SocketQueues.CONNECTING);
        DetachedHandle out = new DetachedHandle(st.handle, pending, st.carried); // not served yet: it travels on
        st.carried = null;
        return out;
    }

    /** All handles join first (and leave again if one cannot), then their requests resume. */
    void adopt(List<DetachedHandle> detached) throws IOException {
        List<HandleState> added = new ArrayList<>(detached.size());
        for (DetachedHandle dh : detached) {
            IoHandle h = dh.handle();
            try {
                if (h.driverState() != null) {
                    throw Errno.toException(-Errno.EINVAL, "adopt " + h + ": still attached");
                }
                handles.attach(h);
            } catch (IOException | RuntimeException e) {
                for (HandleState st : added) {
                    handles.forget(st);
                }
                throw e;
            }
            added.add(handles.stateOf(h));
        }
        for (int i = 0; i < detached.size(); i++) {
            HandleState st = added.get(i);
            st.carried = detached.get(i).carried(); // served before the socket is read (SocketQueues)
            st.resume(detached.get(i).pending()); // readiness unknown: both ready, the first syscall finds out
            if (st.isFile()) {
                files.dispatch(st);
            } else {
                sockets.drain(st);
            }
        }
    }
}
