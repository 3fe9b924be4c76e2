package io.polyloop.iocp;

import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.FileFlags;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static io.polyloop.iocp.WinConstants.*;

/**
 * The synchronous side of a driver: creating sockets and files, options, addresses, shutdown. Uses one scratch block
 * of native memory, so it is not thread safe: loop thread only.
 */
final class SocketSetup {
    private static final int SCRATCH = 2048;
    /** Where things go in the scratch block: a sockaddr or GUID at 0, then a length, an option value, a WSAPROTOCOL_INFOW. */
    private static final int LENGTH = 512;
    private static final int VALUE = 520;
    private static final int INFO = 1024;

    private final Win32 win;
    private final NativeMemory scratch = NativeMemory.allocate(SCRATCH);
    private final ByteBuffer view = scratch.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);

    SocketSetup(Win32 win) {
        this.win = win;
    }

    static boolean isIpv6(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address;
    }

    /** WSASocketW with WSA_FLAG_OVERLAPPED: only such sockets take OVERLAPPED calls. */
    long socket(boolean ipv6, boolean tcp) throws IOException {
        long s = win.WSASocketW(ipv6 ? AF_INET6 : AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, tcp ? IPPROTO_TCP : IPPROTO_UDP,
                0, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
        if (s == INVALID_SOCKET) {
            throw WinErrors.exception(win.lastError(), "WSASocketW");
        }
        return s;
    }

    long listener(InetSocketAddress bind, int backlog) throws IOException {
        long s = socket(isIpv6(bind), true);
        try {
            bind(s, bind);
            if (win.listen(s, backlog) != 0) {
                throw WinErrors.exception(win.lastError(), "listen " + bind);
            }
            return s;
        } catch (IOException e) {
            win.closesocket(s);
            throw e;
        }
    }

    long udp(InetSocketAddress bind) throws IOException {
        long s = socket(isIpv6(bind), false);
        try {
            bind(s, bind);
            // SIO_UDP_CONNRESET page: by default an ICMP port unreachable answering one of our datagrams makes the
            // next WSARecvFrom fail with WSAECONNRESET, which would end a server's receive loop because of one peer
            view.putInt(VALUE, 0);
            if (win.WSAIoctl(s, SIO_UDP_CONNRESET, scratch.address() + VALUE, 4, 0, 0,
                    scratch.address() + LENGTH, 0, 0) != 0) {
                throw WinErrors.exception(win.lastError(), "WSAIoctl SIO_UDP_CONNRESET");
            }
            return s;
        } catch (IOException e) {
            win.closesocket(s);
            throw e;
        }
    }

    void bind(long s, InetSocketAddress a) throws IOException {
        int len = SockAddrs.put(view, 0, a);
        if (win.bind(s, scratch.address(), len) != 0) {
            throw WinErrors.exception(win.lastError(), "bind " + a);
        }
    }

    /**
     * Sets a UDP socket's default peer. Winsock's connect page: on a connectionless socket it completes at once, and
     * the socket then sends to and receives from that peer only; a non-blocking socket never answers WSAEWOULDBLOCK
     * here, so no overlapped form is needed.
     *
     * @return 0 or the Winsock error
     */
    int connectDatagram(long s, InetSocketAddress peer) {
        int len = SockAddrs.put(view, 0, peer);
        return win.connect(s, scratch.address(), len) == 0 ? 0 : win.lastError();
    }

    /** @return 0 or the Winsock error: ConnectEx needs a bound socket, so a client binds to the wildcard first */
    int bindWildcard(long s, boolean ipv6) {
        int len = SockAddrs.putWildcard(view, 0, ipv6);
        return win.bind(s, scratch.address(), len) == 0 ? 0 : win.lastError();
    }

    /**
     * Whether the provider's sockets are IFS handles: SetFileCompletionNotificationModes page, a non-IFS layered
     * service provider does not honour FILE_SKIP_COMPLETION_PORT_ON_SUCCESS reliably, so it is only set on IFS ones.
     */
    boolean ifsHandles(long s) {
        view.putInt(LENGTH, Layouts.WSAPROTOCOL_INFOW_SIZE);
        view.putInt(INFO, 0);
        if (win.getsockopt(s, SOL_SOCKET, SO_PROTOCOL_INFOW, scratch.address() + INFO, scratch.address() + LENGTH) != 0) {
            return false;
        }
        return (view.getInt(INFO) & XP1_IFS_HANDLES) != 0; // dwServiceFlags1
    }

    InetSocketAddress localAddress(long s) throws IOException {
        view.putInt(LENGTH, Layouts.SOCKADDR_STORAGE_SIZE);
        if (win.getsockname(s, scratch.address(), scratch.address() + LENGTH) != 0) {
            throw WinErrors.exception(win.lastError(), "getsockname");
        }
        return SockAddrs.get(view, 0, view.getInt(LENGTH));
    }

    /** @return the peer (getpeername) */
    InetSocketAddress remoteAddress(long s) throws IOException {
        view.putInt(LENGTH, Layouts.SOCKADDR_STORAGE_SIZE);
        if (win.getpeername(s, scratch.address(), scratch.address() + LENGTH) != 0) {
            throw WinErrors.exception(win.lastError(), "getpeername");
        }
        return SockAddrs.get(view, 0, view.getInt(LENGTH));
    }

    /** @return 0 or the Winsock error of getsockname: WSAEINVAL means the socket is not bound */
    int boundState(long s) {
        view.putInt(LENGTH, Layouts.SOCKADDR_STORAGE_SIZE);
        return win.getsockname(s, scratch.address(), scratch.address() + LENGTH) == 0 ? 0 : win.lastError();
    }

    void shutdown(long s, boolean read, boolean write) throws IOException {
        int how = read && write ? SD_BOTH : read ? SD_RECEIVE : SD_SEND;
        if (win.shutdown(s, how) != 0) {
            throw WinErrors.exception(win.lastError(), "shutdown");
        }
    }

    /** @return 0 or the Winsock error of setsockopt(SO_UPDATE_ACCEPT_CONTEXT) */
    int updateAcceptContext(long accepted, long listener) {
        view.putLong(VALUE, listener);
        return win.setsockopt(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, scratch.address() + VALUE, 8) == 0
                ? 0 : win.lastError();
    }

    /** @return 0 or the Winsock error of setsockopt(SO_UPDATE_CONNECT_CONTEXT) */
    int updateConnectContext(long s) {
        return win.setsockopt(s, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, 0, 0) == 0 ? 0 : win.lastError();
    }

    /** @return the function pointer of the mswsock extension {@code guid}, looked up through WSAIoctl */
    long extension(long s, String guid) throws IOException {
        Guids.put(view, 0, guid);
        view.putLong(VALUE, 0);
        if (win.WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, scratch.address(), Layouts.GUID_SIZE,
                scratch.address() + VALUE, 8, scratch.address() + LENGTH, 0, 0) != 0) {
            throw WinErrors.exception(win.lastError(), "WSAIoctl SIO_GET_EXTENSION_FUNCTION_POINTER {" + guid + "}");
        }
        return view.getLong(VALUE);
    }

    // ------------------------------------------------------------------ options

    <T> void set(long s, SocketOption<T> option, T value) throws IOException {
        int level = SOL_SOCKET;
        int name;
        int len = 4;
        if (option == StandardSocketOptions.TCP_NODELAY) {
            level = IPPROTO_TCP;
            name = TCP_NODELAY;
            view.putInt(VALUE, (Boolean) value ? 1 : 0);
        } else if (option == StandardSocketOptions.SO_KEEPALIVE || option == StandardSocketOptions.SO_REUSEADDR) {
            name = option == StandardSocketOptions.SO_KEEPALIVE ? SO_KEEPALIVE : SO_REUSEADDR;
            view.putInt(VALUE, (Boolean) value ? 1 : 0);
        } else if (option == StandardSocketOptions.SO_RCVBUF || option == StandardSocketOptions.SO_SNDBUF) {
            name = option == StandardSocketOptions.SO_RCVBUF ? SO_RCVBUF : SO_SNDBUF;
            view.putInt(VALUE, (Integer) value);
        } else if (option == StandardSocketOptions.SO_LINGER) {
            int seconds = (Integer) value;
            name = SO_LINGER;
            len = Layouts.LINGER_SIZE;
            view.putShort(VALUE, (short) (seconds >= 0 ? 1 : 0));
            view.putShort(VALUE + 2, (short) Math.max(0, Math.min(seconds, 0xFFFF)));
        } else {
            throw unsupported(option);
        }
        if (win.setsockopt(s, level, name, scratch.address() + VALUE, len) != 0) {
            throw WinErrors.exception(win.lastError(), "setsockopt " + option.name() + "=" + value);
        }
    }

    @SuppressWarnings("unchecked")
    <T> T get(long s, SocketOption<T> option) throws IOException {
        int level = SOL_SOCKET;
        int name;
        if (option == StandardSocketOptions.TCP_NODELAY) {
            level = IPPROTO_TCP;
            name = TCP_NODELAY;
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            name = SO_KEEPALIVE;
        } else if (option == StandardSocketOptions.SO_REUSEADDR) {
            name = SO_REUSEADDR;
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            name = SO_RCVBUF;
        } else if (option == StandardSocketOptions.SO_SNDBUF) {
            name = SO_SNDBUF;
        } else if (option == StandardSocketOptions.SO_LINGER) {
            name = SO_LINGER;
        } else {
            throw unsupported(option);
        }
        view.putLong(VALUE, 0);
        view.putInt(LENGTH, 8);
        if (win.getsockopt(s, level, name, scratch.address() + VALUE, scratch.address() + LENGTH) != 0) {
            throw WinErrors.exception(win.lastError(), "getsockopt " + option.name());
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            boolean on = view.getShort(VALUE) != 0;
            return (T) Integer.valueOf(on ? view.getShort(VALUE + 2) & 0xFFFF : -1);
        }
        int v = view.getInt(VALUE);
        if (option.type() == Boolean.class) {
            // BOOL options may come back as a single byte set (TCP_NODELAY does on some versions): any bit is true
            return (T) Boolean.valueOf(v != 0);
        }
        return (T) Integer.valueOf(v);
    }

    private static UnsupportedOperationException unsupported(SocketOption<?> option) {
        String why = option == StandardSocketOptions.SO_REUSEPORT ? " (Windows has no SO_REUSEPORT)" : "";
        return new UnsupportedOperationException("socket option " + option.name() + " is not supported by the iocp "
                + "backend" + why + "; supported: TCP_NODELAY, SO_KEEPALIVE, SO_REUSEADDR, SO_RCVBUF, SO_SNDBUF, SO_LINGER");
    }

    // ------------------------------------------------------------------ files

    /** CreateFileW with FILE_FLAG_OVERLAPPED; the portable {@link FileFlags} mapped to access and disposition. */
    long openFile(Path path, int flags) throws IOException {
        FileFlags.validate(flags);
        int access = 0;
        if ((flags & FileFlags.READ) != 0) {
            access |= GENERIC_READ;
        }
        if ((flags & (FileFlags.WRITE | FileFlags.APPEND)) != 0) {
            // GENERIC_WRITE also for APPEND: FlushFileBuffers needs it; WRITE then passes offset 0xFFFFFFFF
            access |= GENERIC_WRITE;
        }
        boolean create = (flags & FileFlags.CREATE) != 0;
        boolean truncate = (flags & FileFlags.TRUNCATE) != 0;
        int disposition;
        if (create && (flags & FileFlags.EXCLUSIVE) != 0) {
            disposition = CREATE_NEW;
        } else if (create) {
            disposition = truncate ? CREATE_ALWAYS : OPEN_ALWAYS;
        } else {
            disposition = truncate ? TRUNCATE_EXISTING : OPEN_EXISTING;
        }
        String name = WinPaths.extended(path.toAbsolutePath().normalize().toString()); // beyond MAX_PATH
        NativeMemory wide = NativeMemory.allocate(2 * name.length() + 2);
        try {
            ByteBuffer w = wide.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < name.length(); i++) {
                w.putChar(2 * i, name.charAt(i));
            }
            long h = win.CreateFileW(wide.address(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, 0,
                    disposition, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED, 0);
            if (h == INVALID_HANDLE_VALUE) {
                throw WinErrors.exception(win.lastError(), "CreateFileW " + path);
            }
            return h;
        } finally {
            wide.free();
        }
    }

    void free() {
        scratch.free();
    }
}
