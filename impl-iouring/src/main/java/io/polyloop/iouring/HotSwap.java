package io.polyloop.iouring;

import io.polyloop.posix.Errors;
import io.polyloop.spi.CarriedInput;
import io.polyloop.spi.DetachedHandle;
import io.polyloop.spi.DriverHandoff;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The two halves of a driver swap. By the time {@link #detach} runs, the driver has cancelled every head in the
 * kernel and reaped every CQE: a head that finished first (data received, bytes sent, a connection accepted) is
 * among the completed requests, one that was cancelled is back in its queue, unstarted. Each handle then leaves
 * with its requests in submission order. {@link #adopt} queues them in that order and starts the heads; an adopted
 * CONNECT resumes with connect(2) rather than IORING_OP_CONNECT, because the previous driver may have started the
 * handshake already. Allocates: a swap is rare and not on the hot path. Not thread safe: loop thread only.
 */
final class HotSwap {
    private final HandleRegistry handles;
    private final Heads heads;
    private final Completions done;
    private final Multishot multi;

    HotSwap(HandleRegistry handles, Heads heads, Completions done, Multishot multi) {
        this.handles = handles;
        this.heads = heads;
        this.done = done;
        this.multi = multi;
    }

    DriverHandoff detach() {
        List<DetachedHandle> out = new ArrayList<>();
        for (HandleState st : handles.snapshot()) {
            out.add(take(st));
        }
        return new DriverHandoff(out, done.takeAll());
    }

    /**
     * {@link io.polyloop.spi.HandleTransfer#release}: one handle leaves a running driver. Only a handle with nothing
     * in the kernel may leave (no SQE of it awaits a CQE, no multishot armed, no CLOSE waiting): the kernel may
     * still write into the memory of a request in flight, so such a handle is refused, not handed over.
     */
    DetachedHandle release(IoHandle h) throws IOException {
        HandleState st = handles.stateOf(h);
        if (st == null || h.isClosed()) {
            throw Errors.exception(io.polyloop.posix.LinuxConstants.EBADF, "release " + h
                    + ": not open in this driver");
        }
        if (st.anythingInKernel() || st.closeAfterKernel != null) {
            throw new IOException("release " + h + ": an operation of it is in the kernel; cancel it and wait for"
                    + " its completion first");
        }
        return take(st);
    }

    private DetachedHandle take(HandleState st) {
        List<IoRequest> pending = new ArrayList<>(st.reads.size() + st.writes.size());
        while (!st.reads.isEmpty() || !st.writes.isEmpty()) {
            boolean takeRead = st.writes.isEmpty()
                    || !st.reads.isEmpty() && st.reads.peekSeq() < st.writes.peekSeq();
            IoRequest r = takeRead ? st.reads.poll() : st.writes.poll();
            r.driverData(null);
            pending.add(r);
        }
        CarriedInput carried = st.feed == null ? null : st.feed.carry();
        st.feed = null;
        handles.forget(st);
        return new DetachedHandle(st.handle, pending, carried);
    }

    /** All handles join first (and leave again if one cannot), then their requests resume. */
    void adopt(List<DetachedHandle> detached) throws IOException {
        List<HandleState> added = new ArrayList<>(detached.size());
        for (DetachedHandle dh : detached) {
            IoHandle h = dh.handle();
            if (h.driverState() != null) {
                for (HandleState st : added) {
                    handles.forget(st);
                }
                throw Errors.exception(Errno.EINVAL, "adopt " + h + ": still attached to a driver");
            }
            added.add(handles.attach(h));
        }
        for (int i = 0; i < detached.size(); i++) {
            HandleState st = added.get(i);
            CarriedInput carried = detached.get(i).carried();
            if (carried != null || multi.enabledFor(st)) {
                // a feed even without carried input: the reads that come along are fed from the buffer ring too,
                // never handed to the kernel with their own buffer (cancelsAtOnce); without multishot here, the
                // carried input is served first, then single-shot
                st.feed = new Feed(multi.buffers());
                if (carried != null) {
                    st.feed.adopt(carried);
                }
            }
            for (IoRequest r : detached.get(i).pending()) {
                r.driverWord(0);
                r.driverData(r.op() == IoRequest.Op.CONNECT ? Ops.ADOPTED_CONNECT : null);
                st.queueFor(r.op()).add(r, st.nextSeq());
            }
            heads.startHeads(st, st.reads);
            heads.startHeads(st, st.writes);
        }
    }
}
