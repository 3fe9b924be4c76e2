package io.polyloop.iocp;

import io.polyloop.posix.DirectBuffers;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.polyloop.iocp.WinConstants.*;

/**
 * Issues the overlapped call of one {@link Op} and says what became of it: in flight (a packet will come), succeeded
 * at once with no packet (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS on the handle), or failed at once (no packet either).
 * Byte counts are never taken from the call's own out-parameter, which the WSARecv, WSASend, ReadFile and WriteFile
 * pages say to leave NULL with an OVERLAPPED; a call that succeeded at once reports them in OVERLAPPED.InternalHigh
 * (OVERLAPPED page). Not thread safe: loop thread only.
 */
final class Issuer {
    static final int IN_FLIGHT = -1;
    static final int DONE_AT_ONCE = 0;

    private final Win32 win;
    private final SocketSetup setup;
    private final Port port;
    private final IocpBackendProvider provider;
    private final int blockingThreads;
    /** Extension function pointers by [AcceptEx v4, v6, ConnectEx v4, v6]: looked up once per family. */
    private final long[] extensions = new long[4];

    Issuer(Win32 win, SocketSetup setup, Port port, IocpBackendProvider provider, int blockingThreads) {
        this.win = win;
        this.setup = setup;
        this.port = port;
        this.provider = provider;
        this.blockingThreads = blockingThreads;
    }

    /** @return {@link #IN_FLIGHT}, {@link #DONE_AT_ONCE}, or the Win32/Winsock error of a call that failed at once */
    int issue(Op op) {
        IoRequest r = op.request;
        Channel c = op.channel;
        ByteBuffer b = r.buffer();
        switch (r.op()) {
            case RECV:
                op.wsabuf(0, DirectBuffers.positionAddress(b), b.remaining());
                op.view.putInt(op.base + Op.FLAGS, 0);
                return wsa(c, win.WSARecv(c.os, op.at(Op.WSABUFS), 1, 0, op.at(Op.FLAGS), op.address, 0));
            case RECV_SELECT: {
                // first a zero-byte WSARecv: it completes when bytes are there (or the stream ended, or failed)
                // and holds no buffer meanwhile; then the real receive into a buffer taken at that moment
                ByteBuffer into = op.probing ? null : r.receiveBuffer();
                if (!op.probing && into == null) {
                    return WSAENOBUFS; // no memory for it (RecvBufferSource): the bytes stay in the socket
                }
                op.wsabuf(0, into == null ? op.at(Op.WSABUFS) : DirectBuffers.positionAddress(into),
                        into == null ? 0 : into.remaining());
                op.view.putInt(op.base + Op.FLAGS, 0);
                return wsa(c, win.WSARecv(c.os, op.at(Op.WSABUFS), 1, 0, op.at(Op.FLAGS), op.address, 0));
            }
            case SEND:
                op.wsabuf(0, DirectBuffers.positionAddress(b), b.remaining());
                return wsa(c, win.WSASend(c.os, op.at(Op.WSABUFS), 1, 0, 0, op.address, 0));
            case SEND_VECTORED:
                return wsa(c, win.WSASend(c.os, op.at(Op.WSABUFS), gather(op, r), 0, 0, op.address, 0));
            case RECV_FROM:
                op.wsabuf(0, DirectBuffers.positionAddress(b), b.remaining());
                op.view.putInt(op.base + Op.FLAGS, 0);
                op.view.putInt(op.base + Op.ADDR_LEN, Layouts.SOCKADDR_STORAGE_SIZE);
                return wsa(c, win.WSARecvFrom(c.os, op.at(Op.WSABUFS), 1, 0, op.at(Op.FLAGS), op.at(Op.ADDR),
                        op.at(Op.ADDR_LEN), op.address, 0));
            case SEND_TO: {
                op.wsabuf(0, DirectBuffers.positionAddress(b), b.remaining());
                int len = SockAddrs.put(op.view, op.base + Op.ADDR, r.address());
                return wsa(c, win.WSASendTo(c.os, op.at(Op.WSABUFS), 1, 0, 0, op.at(Op.ADDR), len, op.address, 0));
            }
            case ACCEPT:
                return accept(op, c);
            case CONNECT:
                return connect(op, c, r);
            case READ:
                op.offset(r.position());
                return bool(c, win.ReadFile(c.os, DirectBuffers.positionAddress(b), b.remaining(), 0, op.address));
            case WRITE:
                if (c.append) {
                    op.appendOffset(); // WriteFile page: offsets 0xFFFFFFFF write at the end, as FILE_APPEND_DATA does
                } else {
                    op.offset(r.position());
                }
                return bool(c, win.WriteFile(c.os, DirectBuffers.positionAddress(b), b.remaining(), 0, op.address));
            case FSYNC:
                return fsync(op, c);
            default:
                throw new IllegalArgumentException("not an overlapped operation: " + r.op());
        }
    }

    private int gather(Op op, IoRequest r) {
        ByteBuffer[] srcs = r.buffers();
        int n = Math.min(r.buffersLength(), Op.MAX_WSABUFS);
        for (int i = 0; i < n; i++) {
            ByteBuffer s = srcs[r.buffersOffset() + i];
            op.wsabuf(i, DirectBuffers.positionAddress(s), s.remaining());
        }
        return n;
    }

    /** AcceptEx into a fresh socket of the listener's family; no data is received with the connection. */
    private int accept(Op op, Channel c) {
        boolean v6 = c.handle.isIpv6();
        long fn;
        try {
            fn = extension(c.os, v6, true);
        } catch (IOException e) {
            return WSAEOPNOTSUPP;
        }
        long s = win.WSASocketW(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, IPPROTO_TCP, 0, 0,
                WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
        if (s == INVALID_SOCKET) {
            return win.lastError();
        }
        op.acceptSocket = s;
        int alen = Layouts.ACCEPTEX_ADDRESS_LENGTH;
        return bool(c, win.AcceptEx(fn, c.os, s, op.at(Op.ACCEPT_BUFFER), 0, alen, alen, op.at(Op.ADDR_LEN),
                op.address));
    }

    /** ConnectEx page: the socket must be bound first, so an unbound one is bound to the wildcard address. */
    private int connect(Op op, Channel c, IoRequest r) {
        boolean v6 = c.handle.isIpv6();
        long fn;
        try {
            fn = extension(c.os, v6, false);
        } catch (IOException e) {
            return WSAEOPNOTSUPP;
        }
        if (!c.bound) {
            int e = setup.bindWildcard(c.os, v6);
            if (e != 0) {
                return e;
            }
            c.bound = true;
        }
        int len = SockAddrs.put(op.view, op.base + Op.ADDR, r.address());
        return bool(c, win.ConnectEx(fn, c.os, op.at(Op.ADDR), len, 0, 0, op.at(Op.ADDR_LEN), op.address));
    }

    /** No overlapped flush exists: FlushFileBuffers runs on the blocking pool, which posts the outcome. */
    private int fsync(Op op, Channel c) {
        op.blocking = true;
        long h = c.os;
        long ov = op.address;
        boolean queued = provider.blockingPool(blockingThreads).run(() -> {
            int e = win.FlushFileBuffers(h) != 0 ? 0 : win.lastError();
            port.postBlocking(ov, e);
        });
        return queued ? IN_FLIGHT : WSAENOBUFS;
    }

    private long extension(long s, boolean v6, boolean acceptEx) throws IOException {
        int i = (acceptEx ? 0 : 2) + (v6 ? 1 : 0);
        if (extensions[i] == 0) {
            extensions[i] = setup.extension(s, acceptEx ? WSAID_ACCEPTEX : WSAID_CONNECTEX);
        }
        return extensions[i];
    }

    /** A Winsock call: 0 on success, SOCKET_ERROR with WSA_IO_PENDING when in flight. */
    private int wsa(Channel c, int rc) {
        return outcome(c, rc == 0);
    }

    /** A BOOL call (AcceptEx, ConnectEx, ReadFile, WriteFile): FALSE with ERROR_IO_PENDING when in flight. */
    private int bool(Channel c, int rc) {
        return outcome(c, rc != 0);
    }

    private int outcome(Channel c, boolean succeeded) {
        if (succeeded) {
            // without the skip mode a packet is queued even for a call that succeeded at once: wait for it
            return c.skipOnSuccess ? DONE_AT_ONCE : IN_FLIGHT;
        }
        int e = win.lastError();
        return e == ERROR_IO_PENDING ? IN_FLIGHT : e;
    }
}
