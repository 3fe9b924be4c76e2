package io.polyloop.iouring;

import io.polyloop.posix.readiness.RequestQueue;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The requests of each handle as SQEs and CQEs: the head of each direction's queue is in the kernel, the rest wait
 * behind it ({@link RequestQueue}); a head's CQE completes it and starts the next. Cancellation goes through
 * IORING_OP_ASYNC_CANCEL and still completes the request through its own CQE (with -ECANCELED, or with its real
 * result when it had finished first), so no buffer the kernel may still write is ever handed back early. Counts
 * what is in the kernel, so that detach and close can wait for every CQE. Not thread safe: loop thread only.
 */
final class Heads {
    private static final Logger LOG = LoggerFactory.getLogger(Heads.class);

    private final Ring ring;
    private final Ops ops;
    private final HandleRegistry handles;
    private final Completions done;
    private final Multishot multi;
    /** SQEs (the wake-up read excepted) whose last CQE has not been reaped. */
    private int inFlight;
    /** While detaching, a head that comes back -ECANCELED from our cancel stays queued: it travels to the next driver. */
    private boolean parking;
    /** Whether heads may start (false while detached or closing). */
    private boolean starting = true;

    Heads(Ring ring, Ops ops, HandleRegistry handles, Completions done, Multishot multi) {
        this.ring = ring;
        this.ops = ops;
        this.handles = handles;
        this.done = done;
        this.multi = multi;
        multi.heads(this);
    }

    /** Submit: queues {@code r} behind what is pending in its direction and starts it if it is first. */
    void enqueue(HandleState st, IoRequest r) {
        RequestQueue q = st.queueFor(r.op());
        if (q == st.reads && q.isEmpty() && st.feed == null && multi.enabledFor(st)) {
            // nothing of the read side is in the kernel: from now on a multishot op feeds it
            st.feed = new Feed(multi.buffers());
        }
        q.add(r, st.nextSeq());
        if (q.size() == 1) {
            startHeads(st, q);
        }
    }

    /** Starts the head of {@code q}, and the next ones if a head completes at once. */
    void startHeads(HandleState st, RequestQueue q) {
        if (q == st.reads && st.feed != null) {
            multi.serve(st);
            return;
        }
        int tag = q == st.reads ? UserData.READ : UserData.WRITE;
        IoRequest r;
        while (starting && (r = q.peek()) != null && r.driverWord() == 0) {
            int res;
            try {
                res = ops.start(st, r, UserData.of(tag, st.fd, q.peekSeq()));
            } catch (IOException e) {
                LOG.error("io_uring: cannot queue {} on {}", r.op(), st.handle, e);
                res = -Errno.EIO;
            }
            if (res == Ops.STARTED) {
                inFlight++;
                return;
            }
            q.poll();
            done.finish(r, res);
        }
    }

    /** A CQE of a head (tag READ or WRITE). */
    void onCqe(long userData, int res) {
        inFlight--;
        HandleState st = handles.byFd(UserData.fd(userData));
        boolean read = UserData.tag(userData) == UserData.READ;
        RequestQueue q = st == null ? null : read ? st.reads : st.writes;
        IoRequest r = q == null ? null : q.peek();
        if (r == null || r.driverWord() != userData) {
            LOG.warn("io_uring: CQE for no pending request (user_data 0x{}, res {})", Long.toHexString(userData), res);
            return;
        }
        r.driverWord(0);
        boolean cancelled = read ? st.readCancelled : st.writeCancelled;
        if (read) {
            st.readCancelled = false;
        } else {
            st.writeCancelled = false;
        }
        if (cancelled && res == -Errno.EINTR) {
            res = -Errno.ECANCELED; // a request interrupted in an io-wq worker by our cancel
        }
        if (parking && cancelled && res == -Errno.ECANCELED) {
            r.driverData(null); // stays queued, unstarted: the next driver runs it
            return;
        }
        int out = ops.interpret(st, r, res);
        if (out == Ops.RETRY) {
            if (starting && !st.handle.isClosed()) {
                startHeads(st, q);
                return;
            }
            out = -Errno.ECANCELED;
        }
        q.poll();
        done.finish(r, out);
        if (st.closeAfterKernel != null) {
            if (!st.anythingInKernel()) {
                IoRequest close = st.closeAfterKernel;
                st.closeAfterKernel = null;
                done.finish(close, handles.closeFd(st));
            }
        } else {
            startHeads(st, q);
        }
    }

    /** A CQE of an ASYNC_CANCEL or a NOP: only counted. */
    void onAuxiliaryCqe() {
        inFlight--;
    }

    /**
     * Cancels {@code r} if it is pending on {@code st}: one waiting behind the head completes at once; the head in
     * the kernel gets an ASYNC_CANCEL and completes through its CQE.
     *
     * @return false if {@code r} is pending on neither direction of {@code st}
     */
    boolean cancel(HandleState st, IoRequest r) {
        return cancelIn(st, st.reads, r) || cancelIn(st, st.writes, r);
    }

    private boolean cancelIn(HandleState st, RequestQueue q, IoRequest r) {
        if (q.peek() == r && r.driverWord() == 0) {
            q.poll(); // not in the kernel (fed by a multishot op, or parked): nothing to wait for
            done.finish(r, -Errno.ECANCELED);
            return true;
        }
        if (q.peek() == r) {
            cancelHead(st, q);
            return true;
        }
        if (q.remove(r)) { // not the head (both cases above): only queued behind it, never in the kernel
            done.finish(r, -Errno.ECANCELED);
            return true;
        }
        return false;
    }

    /** Sends one ASYNC_CANCEL for the head of {@code q} if it is in the kernel and none was sent yet. */
    void cancelHead(HandleState st, RequestQueue q) {
        IoRequest h = q.peek();
        if (h == null || h.driverWord() == 0) {
            return;
        }
        boolean read = q == st.reads;
        if (read ? st.readCancelled : st.writeCancelled) {
            return;
        }
        if (read) {
            st.readCancelled = true;
        } else {
            st.writeCancelled = true;
        }
        cancelUserData(h.driverWord(), st.fd);
    }

    /** Queues an IORING_OP_ASYNC_CANCEL for the SQE tagged {@code target}. */
    void cancelUserData(long target, int fd) {
        try {
            int at = ring.sqe();
            Sqe.prep(ring.sq.sqes(), at, IoUring.OP_ASYNC_CANCEL, -1, target, 0, 0, 0,
                    UserData.of(UserData.CANCEL, fd, 0));
            inFlight++;
        } catch (IOException e) {
            LOG.error("io_uring: cannot queue a cancel; the request completes when the kernel is done with it", e);
        }
    }

    /**
     * CLOSE, or the driver closing: whatever waits behind a head completes with -ECANCELED now, heads in the kernel
     * are cancelled.
     *
     * @return whether something of the handle is still in the kernel (the fd must stay open until its CQE)
     */
    boolean cancelAll(HandleState st) {
        cancelQueue(st, st.reads);
        cancelQueue(st, st.writes);
        multi.cancelAll(st);
        return st.anythingInKernel();
    }

    private void cancelQueue(HandleState st, RequestQueue q) {
        q.drainBehindHead(this::cancelled);
        IoRequest h = q.peek();
        if (h != null && h.driverWord() == 0) {
            q.poll();
            cancelled(h);
        }
        cancelHead(st, q);
    }

    private void cancelled(IoRequest r) {
        done.finish(r, -Errno.ECANCELED);
    }

    int inFlight() {
        return inFlight;
    }

    boolean isStarting() {
        return starting;
    }

    /** Detach: heads stop starting, and cancelled heads stay queued for the next driver. */
    void park() {
        starting = false;
        parking = true;
    }

    /** Close: heads stop starting; cancelled heads complete with -ECANCELED. */
    void stopStarting() {
        starting = false;
    }

    /** For tests and the ring tests: a NOP with a user_data of its own, counted as in flight. */
    void nop(long userData) throws IOException {
        int at = ring.sqe();
        Sqe.prep(ring.sq.sqes(), at, IoUring.OP_NOP, -1, 0, 0, 0, 0, userData);
        inFlight++;
    }
}
