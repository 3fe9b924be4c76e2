package io.polyloop.iocp.emulation;

import io.polyloop.iocp.Win32;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static io.polyloop.iocp.WinConstants.*;

/**
 * kernel32, ntdll and ws2_32 emulated over Linux sockets and files, for running the IOCP backend on Linux. Native
 * memory is real: every OVERLAPPED, WSABUF, sockaddr, GUID and OVERLAPPED_ENTRY is read and written at the address the
 * driver passed, in the Win64 layout. The completion semantics follow the Microsoft pages named where they apply:
 * <ul>
 *   <li>OVERLAPPED page: Internal holds STATUS_PENDING while a call is in flight, then its NTSTATUS (only the low 32
 *   bits: IO_STATUS_BLOCK.Status; the emulation puts garbage in the high half); InternalHigh the bytes transferred.</li>
 *   <li>SetFileCompletionNotificationModes page: with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS a call that succeeds at
 *   once queues no packet; without it, it queues one all the same. A call that fails at once never queues one.</li>
 *   <li>CreateIoCompletionPort page: a handle joins one port; a second association fails with
 *   ERROR_INVALID_PARAMETER. FILE_COMPLETION_INFORMATION page: NtSetInformationFile(FileReplaceCompletionInformation)
 *   with a null port removes the association.</li>
 *   <li>CancelIoEx page: a call that already completed is not found (ERROR_NOT_FOUND) and its packet stands; a
 *   cancelled one completes with STATUS_CANCELLED, which GetOverlappedResult reports as ERROR_OPERATION_ABORTED.</li>
 *   <li>closesocket page: calls in flight complete as aborted; their packets are still queued.</li>
 *   <li>GetQueuedCompletionStatusEx page: FALSE with WAIT_TIMEOUT when nothing came in time.</li>
 * </ul>
 * Socket and file specifics are in {@link EmuSocket} and {@link EmuFile}. Thread safe: one lock guards the kernel.
 */
public final class EmulatedWin32 implements Win32 {
    /** How the emulated Windows behaves. */
    public record Config(boolean completeAtOnce, boolean ifsHandles) {
        /** Calls complete at once when they can; sockets are IFS handles (no layered provider installed). */
        public static Config windows() {
            return new Config(true, true);
        }

        /** A non-IFS layered service provider: the backend must not skip packets, so every call queues one. */
        public static Config layeredProvider() {
            return new Config(true, false);
        }
    }

    /** The "function pointers" WSAIoctl hands out for AcceptEx and ConnectEx. */
    static final long ACCEPTEX = 0x7FFA_0000_1000L;
    static final long CONNECTEX = 0x7FFA_0000_2000L;
    /** mswsock.h DEFINE_GUID values in memory order. */
    private static final byte[] WSAID_ACCEPTEX_BYTES = {(byte) 0xf1, 0x7d, 0x36, (byte) 0xb5, (byte) 0xac, (byte) 0xcb,
        (byte) 0xcf, 0x11, (byte) 0x95, (byte) 0xca, 0x00, (byte) 0x80, 0x5f, 0x48, (byte) 0xa1, (byte) 0x92};
    private static final byte[] WSAID_CONNECTEX_BYTES = {(byte) 0xb9, 0x07, (byte) 0xa2, 0x25, (byte) 0xf3, (byte) 0xdd,
        0x60, 0x46, (byte) 0x8e, (byte) 0xe9, 0x76, (byte) 0xe5, (byte) 0x8c, 0x74, 0x06, 0x3e};
    private static final long STATUS_HIGH_GARBAGE = 0x5A5A_5A5AL << 32;

    final Config config;
    final Object lock = new Object();
    final EmuReactor reactor = new EmuReactor(lock);
    private final ExecutorService fileWorker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emulated-iocp-files");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Object> objects = new HashMap<>();
    private final Set<Long> closedPorts = new HashSet<>();
    private final ThreadLocal<int[]> lastError = ThreadLocal.withInitial(() -> new int[1]);
    private long nextHandle = 0x100;
    private long fileCalls;
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    public EmulatedWin32(Config config) {
        this.config = config;
    }

    public EmulatedWin32() {
        this(Config.windows());
    }

    /** Completion packets queued so far (posted ones included). */
    public long packetsQueued() {
        return packets.get();
    }

    /** Calls that succeeded at once on a handle with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, so queued no packet. */
    public long packetsSkipped() {
        return skipped.get();
    }

    // ------------------------------------------------------------------ kernel internals

    private int fail(int error) {
        lastError.get()[0] = error;
        return 0;
    }

    private int socketError(int error) {
        lastError.get()[0] = error;
        return SOCKET_ERROR;
    }

    private long newHandle(Object o) {
        long h = nextHandle;
        nextHandle += 4; // handles and sockets are multiples of 4 on Windows
        objects.put(h, o);
        return h;
    }

    private EmuSocket socket(long s) {
        Object o = objects.get(s);
        return o instanceof EmuSocket ? (EmuSocket) o : null;
    }

    /** Under the lock: a call finished; writes the OVERLAPPED and queues the packet the rules above ask for. */
    void complete(EmuObject target, EmuOp op, int status, int bytes, boolean atOnce) {
        Mem.putLong(op.overlapped, STATUS_HIGH_GARBAGE | status & 0xFFFFFFFFL);
        Mem.putLong(op.overlapped + 8, bytes & 0xFFFFFFFFL);
        if (atOnce && target.skipOnSuccess) {
            skipped.incrementAndGet();
            return;
        }
        if (target.port != null && target.port.post(target.key, op.overlapped, bytes)) {
            packets.incrementAndGet();
        }
    }

    /** The Winsock error WSAGetOverlappedResult reports for an NTSTATUS. */
    static int wsaError(int status) {
        switch (status) {
            case STATUS_CANCELLED: return WSA_OPERATION_ABORTED;
            case STATUS_CONNECTION_RESET:
            case STATUS_REMOTE_DISCONNECT:
            case STATUS_LOCAL_DISCONNECT:
            case STATUS_PORT_UNREACHABLE: return WSAECONNRESET;
            case STATUS_CONNECTION_REFUSED: return WSAECONNREFUSED;
            case STATUS_CONNECTION_ABORTED: return WSAECONNABORTED;
            case STATUS_BUFFER_OVERFLOW: return WSAEMSGSIZE;
            case STATUS_INVALID_HANDLE: return WSAENOTSOCK;
            default: return WSAEINVAL;
        }
    }

    /** The Win32 error GetOverlappedResult reports for an NTSTATUS. */
    static int win32Error(int status) {
        switch (status) {
            case STATUS_CANCELLED: return ERROR_OPERATION_ABORTED;
            case STATUS_END_OF_FILE: return ERROR_HANDLE_EOF;
            case STATUS_INVALID_HANDLE: return ERROR_INVALID_HANDLE;
            default: return ERROR_INVALID_PARAMETER;
        }
    }

    private static int wsaError(IOException e) {
        if (e instanceof java.net.BindException) {
            return e.getMessage() != null && e.getMessage().contains("assign") ? WSAEADDRNOTAVAIL : WSAEADDRINUSE;
        }
        return WSAEINVAL;
    }

    // ------------------------------------------------------------------ kernel32: ports

    @Override
    public int lastError() {
        return lastError.get()[0];
    }

    @Override
    public long CreateIoCompletionPort(long fileHandle, long existingPort, long key, int threads) {
        synchronized (lock) {
            if (fileHandle == INVALID_HANDLE_VALUE && existingPort == 0) {
                long h = nextHandle;
                return newHandle(new EmuPort(h));
            }
            Object port = objects.get(existingPort);
            Object o = objects.get(fileHandle);
            if (!(port instanceof EmuPort) || !(o instanceof EmuObject)) {
                return fail(ERROR_INVALID_HANDLE);
            }
            EmuObject target = (EmuObject) o;
            if (target.port != null) {
                return fail(ERROR_INVALID_PARAMETER); // one port per handle
            }
            target.port = (EmuPort) port;
            target.key = key;
            return existingPort;
        }
    }

    @Override
    public int GetQueuedCompletionStatusEx(long port, long entries, int count, long removedPtr, int millis, int alertable) {
        EmuPort p;
        synchronized (lock) {
            Object o = objects.get(port);
            if (!(o instanceof EmuPort)) {
                return fail(ERROR_INVALID_HANDLE);
            }
            p = (EmuPort) o;
        }
        try {
            int n = p.take(entries, count, millis == INFINITE ? -1 : millis);
            if (n == 0) {
                return fail(WAIT_TIMEOUT);
            }
            Mem.putInt(removedPtr, n);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(WAIT_TIMEOUT);
        }
    }

    @Override
    public int PostQueuedCompletionStatus(long port, int bytes, long key, long overlapped) {
        Object o;
        synchronized (lock) {
            o = objects.get(port);
        }
        if (!(o instanceof EmuPort) || !((EmuPort) o).post(key, overlapped, bytes)) {
            return fail(ERROR_INVALID_HANDLE);
        }
        packets.incrementAndGet();
        return 1;
    }

    @Override
    public int CancelIoEx(long handle, long overlapped) {
        synchronized (lock) {
            Object o = objects.get(handle);
            if (o == null) {
                return fail(ERROR_INVALID_HANDLE);
            }
            // file calls already run on the worker: "other operations can continue toward completion" (CancelIoEx)
            int n = o instanceof EmuSocket ? ((EmuSocket) o).cancel(overlapped) : 0;
            return n > 0 ? 1 : fail(ERROR_NOT_FOUND);
        }
    }

    @Override
    public int CloseHandle(long handle) {
        synchronized (lock) {
            Object o = objects.remove(handle);
            if (o instanceof EmuPort) {
                ((EmuPort) o).close();
                closedPorts.add(handle);
                return 1;
            }
            if (o instanceof EmuFile) {
                try {
                    ((EmuFile) o).channel.close();
                } catch (IOException ignored) {
                    // the handle is gone either way
                }
                return 1;
            }
            if (o instanceof EmuSocket) {
                ((EmuSocket) o).close();
                return 1;
            }
            return fail(ERROR_INVALID_HANDLE);
        }
    }

    @Override
    public int SetFileCompletionNotificationModes(long handle, byte flags) {
        synchronized (lock) {
            Object o = objects.get(handle);
            if (!(o instanceof EmuObject)) {
                return fail(ERROR_INVALID_HANDLE);
            }
            ((EmuObject) o).skipOnSuccess = (flags & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS) != 0;
            return 1;
        }
    }

    @Override
    public int GetOverlappedResult(long handle, long overlapped, long bytesPtr, int wait) {
        int status = Mem.getInt(overlapped);
        if (status == STATUS_PENDING) {
            return fail(996); // ERROR_IO_INCOMPLETE: the backend never waits here
        }
        Mem.putInt(bytesPtr, (int) Mem.getLong(overlapped + 8));
        return ntSuccess(status) ? 1 : fail(win32Error(status));
    }

    // ------------------------------------------------------------------ kernel32: files

    @Override
    public long CreateFileW(long path, int access, int share, long security, int disposition, int flags, long template) {
        if ((flags & FILE_FLAG_OVERLAPPED) == 0) {
            return failHandle(ERROR_INVALID_PARAMETER); // the emulation has overlapped handles only
        }
        Path p = Path.of(Mem.wideString(path));
        boolean write = (access & (GENERIC_WRITE | FILE_WRITE_DATA)) != 0;
        boolean append = (access & FILE_APPEND_DATA) != 0;
        Set<OpenOption> o = new HashSet<>();
        if ((access & GENERIC_READ) != 0) {
            o.add(StandardOpenOption.READ);
        }
        if (write || append) {
            o.add(StandardOpenOption.WRITE);
        }
        switch (disposition) {
            case CREATE_NEW: o.add(StandardOpenOption.CREATE_NEW); break;
            case CREATE_ALWAYS: o.add(StandardOpenOption.CREATE); o.add(StandardOpenOption.TRUNCATE_EXISTING); break;
            case OPEN_ALWAYS: o.add(StandardOpenOption.CREATE); break;
            case TRUNCATE_EXISTING: o.add(StandardOpenOption.TRUNCATE_EXISTING); break;
            case OPEN_EXISTING: break;
            default: return failHandle(ERROR_INVALID_PARAMETER);
        }
        try {
            FileChannel ch = FileChannel.open(p, o);
            synchronized (lock) {
                return newHandle(new EmuFile(nextHandle, ch, write || append, append && !write));
            }
        } catch (NoSuchFileException e) {
            return failHandle(ERROR_FILE_NOT_FOUND);
        } catch (FileAlreadyExistsException e) {
            return failHandle(ERROR_FILE_EXISTS);
        } catch (AccessDeniedException e) {
            return failHandle(ERROR_ACCESS_DENIED);
        } catch (IOException e) {
            return failHandle(ERROR_INVALID_PARAMETER);
        }
    }

    private long failHandle(int error) {
        fail(error);
        return INVALID_HANDLE_VALUE;
    }

    @Override
    public int ReadFile(long handle, long buffer, int length, long bytesPtr, long overlapped) {
        return fileCall(handle, EmuOp.Kind.READ, buffer, length, overlapped);
    }

    @Override
    public int WriteFile(long handle, long buffer, int length, long bytesPtr, long overlapped) {
        return fileCall(handle, EmuOp.Kind.WRITE, buffer, length, overlapped);
    }

    private int fileCall(long handle, EmuOp.Kind kind, long buffer, int length, long overlapped) {
        EmuFile f;
        EmuOp op = new EmuOp(kind, overlapped);
        op.fileBuffer = buffer;
        op.fileLength = length;
        int lo = Mem.getInt(overlapped + 16);
        int hi = Mem.getInt(overlapped + 20);
        op.append = kind == EmuOp.Kind.WRITE && lo == APPEND_OFFSET && hi == APPEND_OFFSET; // WriteFile page
        op.offset = (hi & 0xFFFFFFFFL) << 32 | lo & 0xFFFFFFFFL;
        boolean atOnce;
        synchronized (lock) {
            Object o = objects.get(handle);
            if (!(o instanceof EmuFile)) {
                return fail(ERROR_INVALID_HANDLE);
            }
            f = (EmuFile) o;
            if (kind == EmuOp.Kind.WRITE && !f.writable) {
                return fail(ERROR_ACCESS_DENIED);
            }
            Mem.putLong(overlapped, STATUS_PENDING);
            atOnce = config.completeAtOnce() && (fileCalls++ & 1) == 1;
        }
        if (kind == EmuOp.Kind.READ) {
            try {
                if (op.offset >= f.channel.size()) {
                    return fail(ERROR_HANDLE_EOF); // ReadFile page: at end of file, FALSE and ERROR_HANDLE_EOF at once
                }
            } catch (IOException e) {
                return fail(ERROR_INVALID_HANDLE);
            }
        }
        if (atOnce) {
            int n = runFile(f, op);
            if (n >= 0) {
                synchronized (lock) {
                    complete(f, op, STATUS_SUCCESS, n, true);
                }
                return 1;
            }
        }
        fileWorker.execute(() -> {
            int n = runFile(f, op);
            synchronized (lock) {
                complete(f, op, n >= 0 ? STATUS_SUCCESS : n == -1 ? STATUS_END_OF_FILE : STATUS_INVALID_HANDLE,
                        Math.max(n, 0), false);
            }
        });
        return fail(ERROR_IO_PENDING);
    }

    /** @return bytes, -1 at end of file, -2 on failure */
    private static int runFile(EmuFile f, EmuOp op) {
        try {
            return f.perform(op);
        } catch (IOException e) {
            return -2;
        }
    }

    @Override
    public int FlushFileBuffers(long handle) {
        EmuFile f;
        synchronized (lock) {
            Object o = objects.get(handle);
            if (!(o instanceof EmuFile)) {
                return fail(ERROR_INVALID_HANDLE);
            }
            f = (EmuFile) o;
        }
        if (!f.writable) {
            return fail(ERROR_ACCESS_DENIED); // FlushFileBuffers page: the handle needs GENERIC_WRITE
        }
        try {
            f.channel.force(true);
            return 1;
        } catch (IOException e) {
            return fail(ERROR_INVALID_HANDLE);
        }
    }

    // ------------------------------------------------------------------ ntdll

    @Override
    public int NtSetInformationFile(long handle, long ioStatusBlock, long information, int length, int infoClass) {
        if (infoClass != FILE_REPLACE_COMPLETION_INFORMATION || length < 16) {
            return 0xC0000003; // STATUS_INVALID_INFO_CLASS
        }
        synchronized (lock) {
            Object o = objects.get(handle);
            if (!(o instanceof EmuObject)) {
                return STATUS_INVALID_HANDLE;
            }
            long port = Mem.getLong(information);
            EmuObject target = (EmuObject) o;
            if (port == 0) {
                target.port = null;
                target.key = 0;
            } else if (objects.get(port) instanceof EmuPort) {
                target.port = (EmuPort) objects.get(port);
                target.key = Mem.getLong(information + 8);
            } else {
                return STATUS_INVALID_HANDLE;
            }
            Mem.putLong(ioStatusBlock, 0);
            Mem.putLong(ioStatusBlock + 8, 0);
            return STATUS_SUCCESS;
        }
    }

    // ------------------------------------------------------------------ ws2_32

    @Override
    public int WSAStartup(short version, long wsaData) {
        Mem.putShort(wsaData, WINSOCK_VERSION_2_2);     // wVersion
        Mem.putShort(wsaData + 2, WINSOCK_VERSION_2_2); // wHighVersion
        return 0;
    }

    @Override
    public long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags) {
        if (af != AF_INET && af != AF_INET6) {
            fail(WSAEAFNOSUPPORT);
            return INVALID_SOCKET;
        }
        if (type != SOCK_STREAM && type != SOCK_DGRAM || (flags & WSA_FLAG_OVERLAPPED) == 0) {
            fail(WSAEINVAL); // the emulation has overlapped sockets only
            return INVALID_SOCKET;
        }
        synchronized (lock) {
            return newHandle(new EmuSocket(this, nextHandle, type == SOCK_STREAM, af == AF_INET6));
        }
    }

    @Override
    public int bind(long s, long addr, int addrLen) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            InetSocketAddress a = Mem.getSockaddr(addr, addrLen);
            if (a == null || (a.getAddress() instanceof java.net.Inet6Address) != so.v6) {
                return socketError(WSAEFAULT);
            }
            if (so.bound != null) {
                return socketError(WSAEINVAL);
            }
            if (!so.tcp) {
                try {
                    so.datagram = DatagramChannel.open(so.family());
                    so.datagram.configureBlocking(false);
                    so.applyOptions();
                    so.datagram.bind(a);
                } catch (IOException e) {
                    so.datagram = null;
                    return socketError(wsaError(e));
                }
            }
            so.bound = a;
            return 0;
        }
    }

    @Override
    public int listen(long s, int backlog) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            if (so.bound == null || !so.tcp) {
                return socketError(WSAEINVAL); // listen page: not bound
            }
            try {
                so.server = ServerSocketChannel.open(so.family());
                so.server.configureBlocking(false);
                so.applyOptions();
                so.server.bind(so.bound, backlog);
                return 0;
            } catch (IOException e) {
                so.server = null;
                return socketError(wsaError(e));
            }
        }
    }

    /** UDP only, as the driver uses it: sets the default peer at once; an unbound socket is bound to the wildcard. */
    @Override
    public int connect(long s, long addr, int addrLen) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            InetSocketAddress a = Mem.getSockaddr(addr, addrLen);
            if (a == null || so.tcp) {
                return socketError(so.tcp ? WSAEOPNOTSUPP : WSAEFAULT); // streams connect through ConnectEx here
            }
            try {
                if (so.datagram == null) {
                    so.datagram = DatagramChannel.open(so.family());
                    so.datagram.configureBlocking(false);
                    so.applyOptions();
                    so.datagram.bind(null);
                    so.bound = (InetSocketAddress) so.datagram.getLocalAddress();
                }
                so.datagram.connect(a);
                return 0;
            } catch (IOException e) {
                return socketError(wsaError(e));
            }
        }
    }

    @Override
    public int closesocket(long s) {
        synchronized (lock) {
            Object o = objects.remove(s);
            if (!(o instanceof EmuSocket)) {
                return socketError(WSAENOTSOCK);
            }
            ((EmuSocket) o).close();
            return 0;
        }
    }

    @Override
    public int shutdown(long s, int how) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            if (so.stream == null || !so.connected || so.contextPending) {
                return socketError(WSAENOTCONN);
            }
            try {
                if (how == SD_RECEIVE || how == SD_BOTH) {
                    so.stream.shutdownInput();
                }
                if (how == SD_SEND || how == SD_BOTH) {
                    so.stream.shutdownOutput();
                }
                return 0;
            } catch (IOException e) {
                return socketError(WSAENOTCONN);
            }
        }
    }

    @Override
    public int getsockname(long s, long addr, long addrLenPtr) {
        return name(s, addr, addrLenPtr, false);
    }

    @Override
    public int getpeername(long s, long addr, long addrLenPtr) {
        return name(s, addr, addrLenPtr, true);
    }

    private int name(long s, long addr, long addrLenPtr, boolean peer) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            if (so.contextPending) {
                return socketError(WSAENOTCONN); // AcceptEx/ConnectEx pages: SO_UPDATE_*_CONTEXT first
            }
            InetSocketAddress a;
            try {
                if (peer) {
                    if (so.stream == null || !so.connected) {
                        return socketError(WSAENOTCONN);
                    }
                    a = (InetSocketAddress) so.stream.getRemoteAddress();
                } else if (so.channel() != null) {
                    a = (InetSocketAddress) ((NetworkChannel) so.channel()).getLocalAddress();
                } else if (so.bound != null) {
                    a = so.bound;
                } else {
                    return socketError(WSAEINVAL); // getsockname page: not bound
                }
            } catch (IOException e) {
                return socketError(WSAENOTCONN);
            }
            int len = Mem.putSockaddr(addr, Mem.getInt(addrLenPtr), a);
            if (len < 0) {
                return socketError(WSAEFAULT);
            }
            Mem.putInt(addrLenPtr, len);
            return 0;
        }
    }

    @Override
    public int setsockopt(long s, int level, int name, long value, int valueLen) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            if (level == SOL_SOCKET && name == SO_UPDATE_ACCEPT_CONTEXT) {
                if (valueLen != 8 || so.acceptedBy == null || Mem.getLong(value) != so.acceptedBy.handle) {
                    return socketError(WSAEINVAL); // the value is the listening socket that accepted it
                }
                so.contextPending = false;
                return 0;
            }
            if (level == SOL_SOCKET && name == SO_UPDATE_CONNECT_CONTEXT) {
                if (!so.connected || so.acceptedBy != null) {
                    return socketError(WSAENOTCONN);
                }
                so.contextPending = false;
                return 0;
            }
            SocketOption<?> option = option(level, name);
            if (option == null) {
                return socketError(WSAENOPROTOOPT);
            }
            Object v;
            if (option == StandardSocketOptions.SO_LINGER) {
                v = Mem.getShort(value) != 0 ? Mem.getShort(value + 2) & 0xFFFF : -1;
            } else if (option.type() == Boolean.class) {
                v = Mem.getInt(value) != 0;
            } else {
                v = Mem.getInt(value);
            }
            @SuppressWarnings("unchecked")
            SocketOption<Object> o = (SocketOption<Object>) option;
            so.options.put(o, v);
            try {
                so.applyOptions();
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return socketError(WSAEINVAL);
            }
        }
    }

    private static SocketOption<?> option(int level, int name) {
        if (level == IPPROTO_TCP && name == TCP_NODELAY) {
            return StandardSocketOptions.TCP_NODELAY;
        }
        if (level != SOL_SOCKET) {
            return null;
        }
        switch (name) {
            case SO_KEEPALIVE: return StandardSocketOptions.SO_KEEPALIVE;
            case SO_REUSEADDR: return StandardSocketOptions.SO_REUSEADDR;
            case SO_RCVBUF: return StandardSocketOptions.SO_RCVBUF;
            case SO_SNDBUF: return StandardSocketOptions.SO_SNDBUF;
            case SO_LINGER: return StandardSocketOptions.SO_LINGER;
            default: return null;
        }
    }

    @Override
    public int getsockopt(long s, int level, int name, long value, long valueLenPtr) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            if (level == SOL_SOCKET && name == SO_PROTOCOL_INFOW) {
                if (Mem.getInt(valueLenPtr) < 628) {
                    return socketError(WSAEFAULT);
                }
                // dwServiceFlags1: XP1_IFS_HANDLES unless a non-IFS layered provider is installed
                Mem.putInt(value, (config.ifsHandles() ? XP1_IFS_HANDLES : 0) | 0x2);
                Mem.putInt(valueLenPtr, 628);
                return 0;
            }
            SocketOption<?> option = option(level, name);
            if (option == null) {
                return socketError(WSAENOPROTOOPT);
            }
            Object v;
            try {
                NetworkChannel ch = (NetworkChannel) so.channel();
                v = ch != null && ch.supportedOptions().contains(option) ? ch.getOption(option) : so.options.get(option);
            } catch (IOException e) {
                return socketError(WSAEINVAL);
            }
            if (option == StandardSocketOptions.SO_LINGER) {
                int secs = v == null ? -1 : (Integer) v;
                Mem.putShort(value, (short) (secs >= 0 ? 1 : 0));
                Mem.putShort(value + 2, (short) Math.max(secs, 0));
                Mem.putInt(valueLenPtr, 4);
            } else {
                Mem.putInt(value, v instanceof Boolean ? ((Boolean) v ? 1 : 0) : v == null ? 0 : (Integer) v);
                Mem.putInt(valueLenPtr, 4);
            }
            return 0;
        }
    }

    @Override
    public int WSAIoctl(long s, int code, long in, int inLen, long out, int outLen, long bytesReturnedPtr,
                        long overlapped, long completionRoutine) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            if (code == SIO_GET_EXTENSION_FUNCTION_POINTER) {
                if (inLen != 16 || outLen < 8) {
                    return socketError(WSAEFAULT);
                }
                byte[] guid = new byte[16];
                Mem.view(in, 16).get(guid);
                long fn = java.util.Arrays.equals(guid, WSAID_ACCEPTEX_BYTES) ? ACCEPTEX
                        : java.util.Arrays.equals(guid, WSAID_CONNECTEX_BYTES) ? CONNECTEX : 0;
                if (fn == 0) {
                    return socketError(WSAEINVAL);
                }
                Mem.putLong(out, fn);
                Mem.putInt(bytesReturnedPtr, 8);
                return 0;
            }
            if (code == SIO_UDP_CONNRESET) {
                if (so.tcp || inLen < 4) {
                    return socketError(WSAEINVAL);
                }
                so.udpConnReset = Mem.getInt(in) != 0;
                Mem.putInt(bytesReturnedPtr, 0);
                return 0;
            }
            return socketError(WSAEOPNOTSUPP);
        }
    }

    @Override
    public int WSARecv(long s, long buffers, int count, long bytesPtr, long flagsPtr, long overlapped, long routine) {
        EmuOp op = new EmuOp(EmuOp.Kind.RECV, overlapped);
        op.buffers = buffers;
        op.bufferCount = count;
        return wsaCall(s, op, true);
    }

    @Override
    public int WSASend(long s, long buffers, int count, long bytesPtr, int flags, long overlapped, long routine) {
        EmuOp op = new EmuOp(EmuOp.Kind.SEND, overlapped);
        op.buffers = buffers;
        op.bufferCount = count;
        return wsaCall(s, op, true);
    }

    @Override
    public int WSARecvFrom(long s, long buffers, int count, long bytesPtr, long flagsPtr, long from, long fromLenPtr,
                           long overlapped, long routine) {
        EmuOp op = new EmuOp(EmuOp.Kind.RECV_FROM, overlapped);
        op.buffers = buffers;
        op.bufferCount = count;
        op.fromPtr = from;
        op.fromLenPtr = fromLenPtr;
        return wsaCall(s, op, false);
    }

    @Override
    public int WSASendTo(long s, long buffers, int count, long bytesPtr, int flags, long to, int toLen,
                         long overlapped, long routine) {
        EmuOp op = new EmuOp(EmuOp.Kind.SEND_TO, overlapped);
        op.buffers = buffers;
        op.bufferCount = count;
        op.target = Mem.getSockaddr(to, toLen);
        if (op.target == null) {
            return socketError(WSAEFAULT);
        }
        return wsaCall(s, op, false);
    }

    /** @param stream whether the call needs a connected stream socket (else a bound datagram socket) */
    private int wsaCall(long s, EmuOp op, boolean stream) {
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return socketError(WSAENOTSOCK);
            }
            if (so.tcp ? !stream || so.stream == null || !so.connected : so.datagram == null) {
                return socketError(so.tcp ? WSAENOTCONN : WSAEINVAL);
            }
            int rc = so.submit(op);
            return rc == 0 ? 0 : socketError(rc);
        }
    }

    @Override
    public int WSAGetOverlappedResult(long s, long overlapped, long bytesPtr, int wait, long flagsPtr) {
        synchronized (lock) {
            if (socket(s) == null) {
                return socketError(WSAENOTSOCK);
            }
        }
        int status = Mem.getInt(overlapped);
        if (status == STATUS_PENDING) {
            return socketError(996); // WSA_IO_INCOMPLETE
        }
        Mem.putInt(bytesPtr, (int) Mem.getLong(overlapped + 8));
        Mem.putInt(flagsPtr, 0);
        return ntSuccess(status) ? 1 : fail(wsaError(status));
    }

    @Override
    public int AcceptEx(long function, long listenSocket, long acceptSocket, long outputBuffer, int receiveLength,
                        int localLength, int remoteLength, long bytesReceivedPtr, long overlapped) {
        if (function != ACCEPTEX) {
            throw new IllegalStateException("AcceptEx called through 0x" + Long.toHexString(function)
                    + ", not the pointer WSAIoctl returned: on Windows this would crash");
        }
        synchronized (lock) {
            EmuSocket listener = socket(listenSocket);
            EmuSocket target = socket(acceptSocket);
            if (listener == null || target == null) {
                return fail(WSAENOTSOCK);
            }
            // AcceptEx page: the accept socket must be unbound and unconnected; each address slot 16 bytes over the
            // largest sockaddr; this emulation takes no data with the connection
            if (listener.server == null || target.bound != null || target.stream != null || target.v6 != listener.v6
                    || localLength < 28 + 16 || remoteLength < 28 + 16 || receiveLength != 0) {
                return fail(WSAEINVAL);
            }
            EmuOp op = new EmuOp(EmuOp.Kind.ACCEPT, overlapped);
            op.acceptSocket = target;
            op.acceptBuffer = outputBuffer;
            op.acceptAddressLength = localLength;
            int rc = listener.submit(op);
            if (rc == 0) {
                Mem.putInt(bytesReceivedPtr, 0);
                return 1;
            }
            return fail(rc);
        }
    }

    @Override
    public int ConnectEx(long function, long s, long name, int nameLen, long sendBuffer, int sendLength,
                         long bytesSentPtr, long overlapped) {
        if (function != CONNECTEX) {
            throw new IllegalStateException("ConnectEx called through 0x" + Long.toHexString(function)
                    + ", not the pointer WSAIoctl returned: on Windows this would crash");
        }
        synchronized (lock) {
            EmuSocket so = socket(s);
            if (so == null) {
                return fail(WSAENOTSOCK);
            }
            if (so.connected) {
                return fail(WSAEISCONN);
            }
            if (!so.tcp || so.bound == null || so.server != null || sendLength != 0) {
                return fail(WSAEINVAL); // ConnectEx page: "an unconnected, previously bound socket"
            }
            EmuOp op = new EmuOp(EmuOp.Kind.CONNECT, overlapped);
            op.target = Mem.getSockaddr(name, nameLen);
            if (op.target == null) {
                return fail(WSAEFAULT);
            }
            int rc = so.submit(op);
            return rc == 0 ? 1 : fail(rc);
        }
    }

    /** Stops the emulated kernel's threads (tests that make many emulations call it). */
    public void shutdown() {
        reactor.stop();
        fileWorker.shutdown();
    }
}
