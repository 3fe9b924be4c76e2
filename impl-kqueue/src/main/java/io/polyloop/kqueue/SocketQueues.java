package io.polyloop.kqueue;

import io.polyloop.posix.readiness.CarriedReads;
import io.polyloop.posix.readiness.Completions;
import io.polyloop.posix.readiness.Ops;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;

import static io.polyloop.kqueue.SocketIo.AGAIN;

/**
 * EV_CLEAR readiness meets the per-direction queues of a socket. A request first in its queue is tried at once if its
 * direction is ready (a send right after a connect, a read of data already there); EAGAIN clears the direction's bit
 * and the queue waits for the next event of that filter, which drains it until EAGAIN again. Input carried over from
 * a previous driver is served to reads before the socket is read. Nothing here allocates. Not thread safe: loop
 * thread only.
 */
final class SocketQueues {
    /** driverData of a CONNECT whose connect(2) returned EINPROGRESS: the next writable edge finishes it. */
    static final Object CONNECTING = new Object();

    private final SocketIo io;
    private final Acceptor acceptor;
    private final Completions done;

    SocketQueues(SocketIo io, Acceptor acceptor, Completions done) {
        this.io = io;
        this.acceptor = acceptor;
        this.done = done;
    }

    /** Submit: queues {@code r} on its direction and tries it if nothing is ahead of it. */
    void enqueue(HandleState st, IoRequest r) {
        if (st.failure != 0 && !(st.carried != null && Ops.isReadSide(r.op()))) { // what was received still counts
            done.finish(r, st.failure);
            return;
        }
        if (Ops.isReadSide(r.op())) {
            st.reads.add(r, st.nextSeq());
            if (st.reads.size() == 1) {
                drainReads(st);
            }
        } else {
            st.writes.add(r, st.nextSeq());
            if (st.writes.size() == 1) {
                drainWrites(st);
            }
        }
    }

    /**
     * An event of one filter: records the readiness and drains. EV_EOF needs nothing of its own: on EVFILT_READ it
     * means the peer shut down its side (or the connection failed, the error in fflags), and the next recv returns 0
     * or that error; on EVFILT_WRITE it means nothing can be sent any more, and the next send or the SO_ERROR of a
     * connect reports why (kevent(2), EVFILT_READ and EVFILT_WRITE on sockets). Both just make the syscall run.
     */
    void onEvent(HandleState st, short filter) {
        if (filter == Kevent.EVFILT_READ) {
            st.readable = true;
        } else if (filter == Kevent.EVFILT_WRITE) {
            st.writable = true;
        }
        drain(st);
    }

    /**
     * EV_ERROR for a registration of this socket: the kernel will never report its readiness, so every request
     * pending or to come completes with the error instead of waiting forever.
     */
    void onRegistrationError(HandleState st, int negativeCode) {
        st.failure = negativeCode;
        done.cancelQueued(st, negativeCode);
    }

    /** Both directions, writes first: a finished connect lets the reads queued behind it see a connected socket. */
    void drain(HandleState st) {
        drainWrites(st);
        drainReads(st);
    }

    private void drainReads(HandleState st) {
        IoRequest r;
        while ((st.readable || st.carried != null) && (r = st.reads.peek()) != null) {
            int res = st.carried != null ? fromCarried(st, r) : performRead(st, r);
            if (res == AGAIN) {
                st.readable = false;
                return;
            }
            st.reads.poll();
            done.finish(r, res);
        }
    }

    private void drainWrites(HandleState st) {
        IoRequest r;
        while ((r = st.writes.peek()) != null) {
            // connect(2) starts a connection: it needs no readiness, only its completion does
            boolean startsConnect = r.op() == IoRequest.Op.CONNECT && r.driverData() != CONNECTING;
            if (!st.writable && !startsConnect) {
                return;
            }
            int res = performWrite(st, r);
            if (res == AGAIN) {
                st.writable = false;
                return;
            }
            st.writes.poll();
            done.finish(r, res);
        }
    }

    /** A read served from what the previous driver had received; the socket is read once nothing fits. */
    private int fromCarried(HandleState st, IoRequest r) {
        int res = CarriedReads.serve(st.carried, r);
        if (st.carried.isEmpty()) {
            st.carried = null;
        }
        if (res != CarriedReads.NOT_SERVED) {
            return res;
        }
        if (st.failure != 0) {
            return st.failure; // the kernel never reports this socket's readiness (EV_ERROR)
        }
        return st.readable ? performRead(st, r) : AGAIN;
    }

    private int performRead(HandleState st, IoRequest r) {
        switch (r.op()) {
            case RECV:
                return io.recv(st.fd, r.buffer());
            case RECV_SELECT: {
                ByteBuffer into = r.receiveBuffer(); // taken now that the socket is readable
                if (into == null) {
                    return -Errno.ENOBUFS; // no memory for it: the bytes and the readiness stay for a later try
                }
                int n = io.recv(st.fd, into);
                if (n == AGAIN) {
                    r.releaseBuffer(); // it waits for the next edge holding no buffer
                }
                return n;
            }
            case RECV_FROM: {
                int n = io.recvFrom(st.fd, r.buffer());
                if (n >= 0) {
                    r.address(io.peer());
                }
                return n;
            }
            case ACCEPT:
                return acceptor.accept(st, r);
            default:
                throw new AssertionError(r.op());
        }
    }

    private int performWrite(HandleState st, IoRequest r) {
        switch (r.op()) {
            case SEND:
                return io.send(st.fd, r.buffer());
            case SEND_VECTORED:
                return io.sendVectored(st.fd, r.buffers(), r.buffersOffset(), r.buffersLength());
            case SEND_TO:
                return io.sendTo(st.fd, r.buffer(), r.address(), st.handle.isIpv6());
            case CONNECT:
                if (r.driverData() == CONNECTING) {
                    return io.finishConnect(st.fd);
                }
                int res = io.connect(st.fd, r.address(), st.handle.isIpv6());
                if (res == AGAIN) {
                    r.driverData(CONNECTING);
                }
                return res;
            default:
                throw new AssertionError(r.op());
        }
    }
}
