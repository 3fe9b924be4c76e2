package io.polyloop.iocp.emulation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.polyloop.iocp.WinConstants.*;

/**
 * An emulated Winsock socket over a Linux socket (an NIO channel, non-blocking). Overlapped calls queue per direction
 * and are performed when the channel is ready ({@link EmuReactor}), or at once when they can be. Follows the Winsock
 * pages where they say something unpleasant:
 * <ul>
 *   <li>WSARecv page: a stream closed gracefully by the peer completes a receive with zero bytes.</li>
 *   <li>AcceptEx page: the accepted socket is "in the default state" until SO_UPDATE_ACCEPT_CONTEXT; getpeername,
 *   getsockname and shutdown fail on it (here with WSAENOTCONN).</li>
 *   <li>ConnectEx page: the socket must be bound (else WSAEINVAL); until SO_UPDATE_CONNECT_CONTEXT, getpeername,
 *   getsockname and shutdown fail (WSAENOTCONN).</li>
 *   <li>WSARecvFrom and SIO_UDP_CONNRESET pages: after a datagram drew an ICMP port unreachable, the next receive
 *   fails with WSAECONNRESET unless SIO_UDP_CONNRESET turned that off. Linux does not report ICMP errors on an
 *   unconnected UDP socket, so the emulation infers them: a datagram to a loopback port nobody has bound draws one.</li>
 *   <li>WSASend page: an overlapped send on a stream completes when all its bytes are taken, not partially; a cancelled
 *   one reports what it had taken (an assumption: Microsoft documents no partial count).</li>
 *   <li>CancelIoEx on a ConnectEx in progress aborts the attempt; the bound socket may issue ConnectEx again (an
 *   assumption the Windows CI job checks on a real system).</li>
 * </ul>
 * Guarded by the kernel's lock.
 */
final class EmuSocket extends EmuObject {
    static final long PENDING = Long.MIN_VALUE;

    private final EmuKernel kernel;
    final boolean tcp;
    final boolean v6;
    InetSocketAddress bound;
    ServerSocketChannel server;
    SocketChannel stream;
    DatagramChannel datagram;
    boolean connected;
    /** Accepted (by AcceptEx) or connected (by ConnectEx) and the matching SO_UPDATE_*_CONTEXT not set yet. */
    boolean contextPending;
    EmuSocket acceptedBy;
    boolean udpConnReset = true;
    boolean icmpPending;
    final Map<SocketOption<Object>, Object> options = new LinkedHashMap<>();
    final ArrayDeque<EmuOp> reads = new ArrayDeque<>();
    final ArrayDeque<EmuOp> writes = new ArrayDeque<>();
    SelectionKey key;
    /**
     * A byte a zero-byte receive took off the stream to learn that bytes are there (Java has no MSG_PEEK); the next
     * receive delivers it first. {@link #peekedEnd}: the zero-byte receive saw the end of the stream instead.
     */
    private ByteBuffer peeked;
    private boolean peekedEnd;

    EmuSocket(EmuKernel kernel, long handle, boolean tcp, boolean v6) {
        super(handle);
        this.kernel = kernel;
        this.tcp = tcp;
        this.v6 = v6;
    }

    ProtocolFamily family() {
        return v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    SelectableChannel channel() {
        return server != null ? server : stream != null ? stream : datagram;
    }

    // ------------------------------------------------------------------ submission and readiness

    /** @return 0 (done at once, no failure), or the Win32/Winsock error of the call (WSA_IO_PENDING when queued) */
    int submit(EmuOp op) {
        ArrayDeque<EmuOp> q = op.readSide() ? reads : writes;
        Mem.putLong(op.overlapped, STATUS_PENDING);
        long r = q.isEmpty() ? perform(op) : PENDING;
        if (r != PENDING) {
            int status = (int) (r >> 32);
            int bytes = (int) r;
            boolean atOnce = kernel.config.completeAtOnce();
            if (atOnce && ntSuccess(status)) {
                kernel.complete(this, op, status, bytes, true);
                return 0;
            }
            if (atOnce && op.kind != EmuOp.Kind.CONNECT) {
                return EmuKernel.wsaError(status); // failed at once: no packet
            }
            kernel.complete(this, op, status, bytes, false);
            return WSA_IO_PENDING;
        }
        q.add(op);
        interest();
        return WSA_IO_PENDING;
    }

    /** Reactor: the channel is ready; performs queued calls in order until one has to wait. */
    void ready() {
        drain(reads);
        drain(writes);
        interest();
    }

    private void drain(ArrayDeque<EmuOp> q) {
        while (!q.isEmpty()) {
            long r = perform(q.peek());
            if (r == PENDING) {
                return;
            }
            kernel.complete(this, q.poll(), (int) (r >> 32), (int) r, false);
        }
    }

    void interest() {
        SelectableChannel ch = channel();
        if (ch == null || !ch.isOpen()) {
            return;
        }
        int ops = 0;
        if (!reads.isEmpty()) {
            ops |= server != null ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        }
        if (!writes.isEmpty()) {
            ops |= stream != null && stream.isConnectionPending() ? SelectionKey.OP_CONNECT : SelectionKey.OP_WRITE;
        }
        kernel.reactor.interest(this, ch, ops);
    }

    /**
     * CancelIoEx and closesocket: the matching queued calls complete with STATUS_CANCELLED, unless they could finish.
     *
     * @return how many were cancelled
     */
    int cancel(long overlapped) {
        int n = cancelIn(reads, overlapped) + cancelIn(writes, overlapped);
        interest();
        return n;
    }

    private int cancelIn(ArrayDeque<EmuOp> q, long overlapped) {
        int n = 0;
        for (EmuOp op : q.toArray(new EmuOp[0])) {
            if (overlapped == 0 || op.overlapped == overlapped) {
                if (q.peek() == op) {
                    // the real kernel completes a call the moment it can, not when this emulation's reactor looks:
                    // a call that could finish now has finished, and the cancel comes too late for it
                    long r = perform(op);
                    if (r != PENDING) {
                        kernel.complete(this, q.poll(), (int) (r >> 32), (int) r, false);
                        continue;
                    }
                }
                q.remove(op);
                if (op.kind == EmuOp.Kind.CONNECT) {
                    abortConnect();
                }
                kernel.complete(this, op, STATUS_CANCELLED, op.progress, false);
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ the calls

    private static long done(int status, int bytes) {
        return (long) status << 32 | bytes & 0xFFFFFFFFL;
    }

    private long perform(EmuOp op) {
        try {
            switch (op.kind) {
                case RECV: return recv(op);
                case SEND: return send(op);
                case RECV_FROM: return recvFrom(op);
                case SEND_TO: return sendTo(op);
                case ACCEPT: return accept(op);
                case CONNECT: return connect(op);
                default: throw new IllegalStateException(op.kind.toString());
            }
        } catch (IOException e) {
            if (op.kind == EmuOp.Kind.CONNECT) {
                abortConnect(); // connect page: after a refusal the socket may try again
                return done(STATUS_CONNECTION_REFUSED, 0);
            }
            return done(STATUS_CONNECTION_RESET, 0);
        }
    }

    private long recv(EmuOp op) throws IOException {
        ByteBuffer[] dst = Mem.wsabufs(op.buffers, op.bufferCount);
        if (!tcp) {
            return datagram.receive(dst[0]) == null ? PENDING : done(STATUS_SUCCESS, dst[0].position());
        }
        if (remaining(dst) == 0) {
            return zeroByteRecv();
        }
        int first = 0;
        if (peeked != null) {
            for (ByteBuffer d : dst) {
                if (d.hasRemaining()) {
                    d.put(peeked.get(0));
                    break;
                }
            }
            peeked = null;
            first = 1;
        }
        if (peekedEnd) {
            return done(STATUS_SUCCESS, first);
        }
        long n;
        try {
            n = stream.read(dst);
        } catch (IOException e) {
            if (first > 0) {
                return done(STATUS_SUCCESS, first); // the error shows on the next receive
            }
            throw e;
        }
        if (first > 0) {
            return done(STATUS_SUCCESS, first + (int) Math.max(0, n));
        }
        return n > 0 ? done(STATUS_SUCCESS, (int) n) : n < 0 ? done(STATUS_SUCCESS, 0) : PENDING;
    }

    /**
     * The classic zero-byte WSARecv on a stream: it completes, with 0 bytes, once bytes can be received or the stream
     * ended (WSARecv page: a graceful close completes a receive with zero bytes), and stays pending until then.
     */
    private long zeroByteRecv() throws IOException {
        if (peeked != null || peekedEnd) {
            return done(STATUS_SUCCESS, 0);
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        long n = stream.read(one);
        if (n > 0) {
            peeked = one;
        } else if (n < 0) {
            peekedEnd = true;
        } else {
            return PENDING;
        }
        return done(STATUS_SUCCESS, 0);
    }

    private long send(EmuOp op) throws IOException {
        ByteBuffer[] src = Mem.wsabufs(op.buffers, op.bufferCount);
        int total = remaining(src);
        if (!tcp) { // WSASend on a connected UDP socket: one datagram to the peer, all or nothing
            long n = datagram.write(src);
            return n == 0 && total > 0 ? PENDING : done(STATUS_SUCCESS, (int) n);
        }
        skip(src, op.progress);
        op.progress += (int) stream.write(src);
        return op.progress == total ? done(STATUS_SUCCESS, total) : PENDING;
    }

    private long recvFrom(EmuOp op) throws IOException {
        if (icmpPending && udpConnReset) {
            icmpPending = false;
            return done(STATUS_PORT_UNREACHABLE, 0);
        }
        ByteBuffer dst = Mem.wsabufs(op.buffers, 1)[0];
        InetSocketAddress from = (InetSocketAddress) datagram.receive(dst);
        if (from == null) {
            return PENDING;
        }
        int len = Mem.putSockaddr(op.fromPtr, Mem.getInt(op.fromLenPtr), from);
        if (len < 0) {
            return done(STATUS_BUFFER_OVERFLOW, dst.position());
        }
        Mem.putInt(op.fromLenPtr, len);
        return done(STATUS_SUCCESS, dst.position());
    }

    private long sendTo(EmuOp op) throws IOException {
        ByteBuffer src = Mem.wsabufs(op.buffers, 1)[0];
        int n = datagram.send(src, op.target);
        if (n == 0 && src.hasRemaining()) {
            return PENDING;
        }
        probeIcmp(op.target);
        return done(STATUS_SUCCESS, n);
    }

    /** A loopback port nobody has bound answers with ICMP port unreachable; Linux keeps that from us, so look. */
    private void probeIcmp(InetSocketAddress target) {
        if (!udpConnReset || !target.getAddress().isLoopbackAddress()) {
            return;
        }
        try (DatagramChannel probe = DatagramChannel.open(family())) {
            probe.bind(target);
            icmpPending = true; // the bind worked: nobody was there
        } catch (IOException someoneIsThere) {
            // bound by a socket: no ICMP
        }
    }

    private long accept(EmuOp op) throws IOException {
        SocketChannel c = server.accept();
        if (c == null) {
            return PENDING;
        }
        c.configureBlocking(false);
        EmuSocket a = op.acceptSocket;
        a.stream = c;
        a.connected = true;
        a.contextPending = true;
        a.acceptedBy = this;
        a.applyOptions();
        // AcceptEx's own format for the two addresses is undocumented (GetAcceptExSockaddrs reads it): here both
        // sockaddrs are written at the start of their slots
        Mem.putSockaddr(op.acceptBuffer, op.acceptAddressLength, (InetSocketAddress) c.getLocalAddress());
        Mem.putSockaddr(op.acceptBuffer + op.acceptAddressLength, op.acceptAddressLength,
                (InetSocketAddress) c.getRemoteAddress());
        return done(STATUS_SUCCESS, 0);
    }

    private long connect(EmuOp op) throws IOException {
        if (stream == null) {
            stream = SocketChannel.open(family());
            stream.configureBlocking(false);
            stream.bind(bound);
            applyOptions();
            if (!stream.connect(op.target)) {
                return PENDING;
            }
        } else if (!stream.finishConnect()) {
            return PENDING;
        }
        connected = true;
        contextPending = true;
        return done(STATUS_SUCCESS, 0);
    }

    private void abortConnect() {
        if (stream != null && !connected) {
            kernel.reactor.forget(this);
            closeQuietly(stream);
            stream = null;
        }
    }

    void applyOptions() throws IOException {
        NetworkChannelOptions.apply(channel(), options);
    }

    void close() {
        cancel(0);
        kernel.reactor.forget(this);
        SelectableChannel ch = channel();
        if (ch != null) {
            closeQuietly(ch);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing an emulated socket: nothing to report
        }
    }

    private static int remaining(ByteBuffer[] bs) {
        int n = 0;
        for (ByteBuffer b : bs) {
            n += b.remaining();
        }
        return n;
    }

    private static void skip(ByteBuffer[] bs, int bytes) {
        for (ByteBuffer b : bs) {
            int k = Math.min(bytes, b.remaining());
            b.position(b.position() + k);
            bytes -= k;
        }
    }
}
