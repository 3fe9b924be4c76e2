package io.polyloop.epoll;

import io.polyloop.posix.readiness.CarriedReads;
import io.polyloop.posix.readiness.Completions;
import io.polyloop.posix.readiness.Ops;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;

import static io.polyloop.epoll.SocketIo.AGAIN;

/**
 * Edge-triggered readiness meets the per-direction queues of a socket. A request first in its queue is tried at once
 * if its direction is ready (a send right after a connect, a read of data already there); EAGAIN clears the
 * direction's bit and the queue waits for the next edge, which drains it until EAGAIN again. On a stream socket a
 * short recv or send clears the bit too, which spares the EAGAIN syscall that would follow (Netty's edge-triggered
 * mode stops reading on a short read the same way). Nothing here allocates.
 * Not thread safe: loop thread only.
 */
final class SocketQueues {
    /** driverData of a CONNECT whose connect(2) returned EINPROGRESS: the next writable edge finishes it. */
    static final Object CONNECTING = new Object();

    private final SocketIo io;
    private final Acceptor acceptor;
    private final Completions done;
    /** Bytes received by the reads completed since the driver last reset it ({@link #takeReceived}). */
    private int received;

    SocketQueues(SocketIo io, Acceptor acceptor, Completions done) {
        this.io = io;
        this.acceptor = acceptor;
        this.done = done;
    }

    /** Submit: queues {@code r} on its direction and tries it if nothing is ahead of it. */
    void enqueue(HandleState st, IoRequest r) {
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

    /** An event: records the edge and drains. ERR/HUP set both bits so that the syscalls report the error. */
    void onEvent(HandleState st, int mask) {
        if ((mask & (Epoll.EPOLLERR | Epoll.EPOLLHUP)) != 0) {
            st.readable = true;
            st.writable = true;
            st.inputEnded = true;
        } else {
            if ((mask & (Epoll.EPOLLIN | Epoll.EPOLLRDHUP)) != 0) {
                st.readable = true;
            }
            if ((mask & Epoll.EPOLLRDHUP) != 0) {
                st.inputEnded = true;
            }
            if ((mask & Epoll.EPOLLOUT) != 0) {
                st.writable = true;
            }
        }
        drain(st);
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
            if (res > 0 && r.op() != IoRequest.Op.ACCEPT) {
                received += res;
            }
            done.finish(r, res);
        }
    }

    /** @return bytes received by the reads completed since the last call (their completions are in {@code done}) */
    int takeReceived() {
        int n = received;
        received = 0;
        return n;
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

    /** A read served from what the previous driver had already received; the socket is read once nothing fits. */
    private int fromCarried(HandleState st, IoRequest r) {
        int res = CarriedReads.serve(st.carried, r);
        if (st.carried.isEmpty()) {
            st.carried = null;
        }
        return res != CarriedReads.NOT_SERVED ? res : performRead(st, r);
    }

    private int performRead(HandleState st, IoRequest r) {
        switch (r.op()) {
            case RECV:
                return recvStream(st, r.buffer());
            case RECV_SELECT: {
                ByteBuffer into = r.receiveBuffer(); // taken now that the socket is readable
                if (into == null) {
                    return -Errno.ENOBUFS; // no memory for it: the bytes and the readiness stay for a later try
                }
                int n = recvStream(st, into);
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

    /**
     * A receive that did not fill {@code dst} on a stream socket emptied its receive queue: the readable bit is
     * cleared now instead of by the EAGAIN of one more recv(2) (edge-triggered: bytes arriving after this call report
     * a new edge). Not once the peer's FIN was reported: its edge is spent, and the next recv(2) must see the end.
     * A receive that filled {@code dst} cannot tell so; the next one on that stream goes through recvmsg with the
     * TCP_INQ hint ({@link TcpInq}), which says whether anything is left, so a read that exactly empties the queue
     * (pipelined requests of a size that fills the buffer) does not cost an EAGAIN recv either.
     */
    private int recvStream(HandleState st, ByteBuffer dst) {
        int want = dst.remaining();
        if (st.handle.kind() != HandleKind.TCP_STREAM) {
            return io.recv(st.fd, dst);
        }
        int n;
        boolean emptied;
        if (st.lastReadFull && inqOn(st)) {
            n = io.recvInq(st.fd, dst);
            emptied = n < want || io.leftInQueue() == 0; // FIN: the kernel says 1
        } else {
            n = io.recv(st.fd, dst);
            emptied = n < want;
        }
        if (n > 0) {
            st.lastReadFull = n == want;
            if (emptied && !st.inputEnded) {
                st.readable = false;
            }
        }
        return n;
    }

    /** Turns TCP_INQ on for {@code st} the first time it is wanted. @return whether it is on */
    private boolean inqOn(HandleState st) {
        if (st.inq == HandleState.INQ_UNKNOWN) {
            st.inq = io.enableInq(st.fd) ? HandleState.INQ_ON : HandleState.INQ_REFUSED;
        }
        return st.inq == HandleState.INQ_ON;
    }

    /**
     * A send the kernel took only part of on a stream socket found the send buffer full: the writable bit is cleared
     * now instead of by the EAGAIN of the next send(2) (the kernel flags the socket, so freed space reports an edge).
     */
    private int sent(HandleState st, int n) {
        if (n >= 0 && n < io.lastSendLength() && st.handle.kind() == HandleKind.TCP_STREAM) {
            st.writable = false;
        }
        return n;
    }

    private int performWrite(HandleState st, IoRequest r) {
        switch (r.op()) {
            case SEND:
                return sent(st, io.send(st.fd, r.buffer()));
            case SEND_VECTORED:
                return sent(st, io.sendVectored(st.fd, r.buffers(), r.buffersOffset(), r.buffersLength()));
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
