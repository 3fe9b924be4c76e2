package io.polyloop.iocp;

import io.polyloop.spi.Errno;
import io.polyloop.spi.IoRequest;

/**
 * Moves requests through their handle's queues: one overlapped call in flight per direction, issued when the one
 * before it finished; packets and immediate outcomes completed the same way; CLOSE and cancel. While a driver detaches
 * or closes, {@link #reissue} is off: packets still complete, nothing new is issued, and a call cancelled for the
 * detach goes back to the head of its queue for the next driver. Not thread safe: loop thread only.
 */
final class Dispatcher {
    /** {@link #afterProbe}: the call went on with a second one that waits for its packet. */
    private static final int STILL_IN_FLIGHT = Integer.MIN_VALUE;

    private final Win32 win;
    private final OpSlots slots;
    private final Issuer issuer;
    private final Outcome outcome;
    private final HandleRegistry registry;
    private final Completions done;
    boolean reissue = true;

    Dispatcher(Win32 win, OpSlots slots, Issuer issuer, Outcome outcome, HandleRegistry registry, Completions done) {
        this.win = win;
        this.slots = slots;
        this.issuer = issuer;
        this.outcome = outcome;
        this.registry = registry;
        this.done = done;
    }

    void enqueue(Channel c, IoRequest r) {
        boolean read = c.readSide(r.op());
        c.queue(read).add(r, c.nextSeq());
        issueNext(c, read);
    }

    /** Issues queued requests of one direction until one stays in flight. */
    void issueNext(Channel c, boolean read) {
        RequestQueue q = c.queue(read);
        while (reissue && c.inFlight(read) == null && !q.isEmpty() && !c.handle.isClosed()) {
            IoRequest r = q.poll();
            Op op = slots.acquire();
            if (op == null) {
                done.finish(r, -Errno.ENOBUFS); // OpSlots' bound: that many operations are in flight already
                continue;
            }
            op.start(c, r, read);
            r.driverData(op);
            c.inFlight(read, op);
            int rc = issuer.issue(op);
            if (rc == Issuer.IN_FLIGHT) {
                return;
            }
            // no packet will come for this call
            int result = rc == Issuer.DONE_AT_ONCE ? outcome.success(op, op.internalHigh()) : outcome.failedAtOnce(op, rc);
            result = afterProbe(op, result);
            if (result == STILL_IN_FLIGHT) {
                return;
            }
            finish(op, result);
        }
    }

    /** A packet of the kernel for {@code op}. */
    void onPacket(Op op, int bytes) {
        int status = op.status();
        int result = WinConstants.ntSuccess(status) ? outcome.success(op, bytes) : outcome.failure(op, bytes);
        result = afterProbe(op, result);
        if (result != STILL_IN_FLIGHT) {
            complete(op, result);
        }
    }

    /**
     * A RECV_SELECT whose zero-byte WSARecv succeeded: bytes are there (or the stream ended), so the real WSARecv goes
     * out now from the same slot, into a buffer taken now. A probe that finished after a cancel is a cancelled receive
     * (its 0 is not an end of stream).
     *
     * @return {@link #STILL_IN_FLIGHT} if the real receive waits for its packet, else the request's result
     */
    private int afterProbe(Op op, int result) {
        if (!op.probing || result != 0) {
            return result;
        }
        if (op.cancelled != Op.NOT_CANCELLED || !reissue || op.channel.handle.isClosed()) {
            return -Errno.ECANCELED;
        }
        op.probing = false;
        op.clearOverlapped();
        int rc = issuer.issue(op);
        if (rc == Issuer.IN_FLIGHT) {
            return STILL_IN_FLIGHT;
        }
        return rc == Issuer.DONE_AT_ONCE ? outcome.success(op, op.internalHigh()) : outcome.failedAtOnce(op, rc);
    }

    /** The blocking pool's outcome for {@code op} (FSYNC): 0 or a Win32 error. */
    void onBlocking(Op op, int winError) {
        complete(op, winError == 0 ? 0 : -WinErrors.errno(winError));
    }

    private void complete(Op op, int result) {
        Channel c = op.channel;
        boolean read = op.readSide;
        finish(op, result);
        if (c.closeRequest != null) {
            if (c.idle()) {
                closeNow(c, c.closeRequest);
            }
        } else {
            issueNext(c, read);
        }
    }

    /** Releases the slot and completes the request, or, for a call cancelled by a detach, puts it back. */
    private void finish(Op op, int result) {
        Channel c = op.channel;
        IoRequest r = op.request;
        if (op.acceptSocket != 0) {
            win.closesocket(op.acceptSocket); // AcceptEx page: a socket of a failed or cancelled accept is not reusable
        }
        c.inFlight(op.readSide, null);
        boolean requeue = op.cancelled == Op.BY_DETACH && result == -Errno.ECANCELED;
        slots.release(op);
        r.driverData(null);
        if (requeue) {
            r.releaseBuffer(); // a RECV_SELECT waits with its next zero-byte probe on the next driver, bufferless
            c.queue(op.readSide).addFirst(r); // issued before everything still queued: it leads again
        } else {
            done.finish(r, result);
        }
    }

    /**
     * CLOSE: queued requests complete with -ECANCELED at once, calls in flight are cancelled, and the handle is closed
     * once their packets are in, so that no OVERLAPPED is still in use by the kernel for a closed handle and the CLOSE
     * completes after every other request on it (SPI contract).
     */
    void close(Channel c, IoRequest closeRequest) {
        c.handle.markClosed();
        cancelQueued(c);
        if (cancelInFlight(c, Op.BY_CALLER)) {
            c.closeRequest = closeRequest;
        } else {
            closeNow(c, closeRequest);
        }
    }

    private void closeNow(Channel c, IoRequest closeRequest) {
        c.closeRequest = null;
        registry.forget(c);
        done.finish(closeRequest, registry.closeOs(c.handle));
    }

    void cancelQueued(Channel c) {
        IoRequest r;
        while ((r = c.reads.poll()) != null) {
            done.finish(r, -Errno.ECANCELED);
        }
        while ((r = c.writes.poll()) != null) {
            done.finish(r, -Errno.ECANCELED);
        }
    }

    /**
     * CancelIoEx(handle, NULL) for the calls in flight on {@code c}. An FSYNC on the blocking pool cannot be stopped;
     * its packet still comes.
     *
     * @return whether a call is in flight
     */
    boolean cancelInFlight(Channel c, int why) {
        boolean kernel = mark(c.readOp, why) | mark(c.writeOp, why);
        if (kernel) {
            win.CancelIoEx(c.os, 0); // ERROR_NOT_FOUND when they finished already: their packets are queued
        }
        return !c.idle();
    }

    private static boolean mark(Op op, int why) {
        if (op == null) {
            return false;
        }
        if (op.cancelled == Op.NOT_CANCELLED) {
            op.cancelled = why;
        }
        return !op.blocking;
    }

    /**
     * Close gave up waiting for the packets of {@code c}: its requests complete with -ECANCELED, but the slots stay
     * in use, so their memory is never freed under a kernel that may still write to it.
     */
    void abandon(Channel c) {
        for (Op op : new Op[] {c.readOp, c.writeOp}) {
            if (op != null && op.request != null) {
                op.request.driverData(null);
                done.finish(op.request, -Errno.ECANCELED);
            }
        }
        c.readOp = null;
        c.writeOp = null;
        if (c.closeRequest != null) {
            done.finish(c.closeRequest, -Errno.ECANCELED);
            c.closeRequest = null;
        }
    }

    /** The caller's cancel of one request. */
    boolean cancel(Channel c, IoRequest r) {
        if (c.reads.remove(r) || c.writes.remove(r)) {
            done.finish(r, -Errno.ECANCELED);
            return true;
        }
        Object d = r.driverData();
        if (!(d instanceof Op) || ((Op) d).request != r) {
            return false;
        }
        Op op = (Op) d;
        if (op.cancelled == Op.NOT_CANCELLED) {
            op.cancelled = Op.BY_CALLER;
            if (!op.blocking) {
                // CancelIoEx page: ERROR_NOT_FOUND if it completed meanwhile; its packet then has the real result
                win.CancelIoEx(c.os, op.address);
            }
        }
        return true;
    }
}
