package io.polyloop.iocp.emulation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;

import static io.polyloop.iocp.WinConstants.*;

/**
 * ws2_32's synchronous socket calls emulated over NIO channels: WSAStartup, WSASocketW (overlapped sockets only),
 * bind, listen, connect (UDP only), closesocket, shutdown, getsockname, getpeername. A stream's Linux socket is made
 * by listen or ConnectEx ({@link EmuWinsockIo}), a datagram socket's by bind or connect. Options are in
 * {@link EmuSocketOptions}. closesocket page: calls in flight complete as aborted; their packets are still queued.
 * Thread safe: every call takes the kernel's lock.
 */
final class EmuWinsockSetup {
    private final EmuKernel k;

    EmuWinsockSetup(EmuKernel kernel) {
        this.k = kernel;
    }

    int WSAStartup(short version, long wsaData) {
        Mem.putShort(wsaData, WINSOCK_VERSION_2_2);     // wVersion
        Mem.putShort(wsaData + 2, WINSOCK_VERSION_2_2); // wHighVersion
        return 0;
    }

    long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags) {
        if (af != AF_INET && af != AF_INET6) {
            k.fail(WSAEAFNOSUPPORT);
            return INVALID_SOCKET;
        }
        if (type != SOCK_STREAM && type != SOCK_DGRAM || (flags & WSA_FLAG_OVERLAPPED) == 0) {
            k.fail(WSAEINVAL); // the emulation has overlapped sockets only
            return INVALID_SOCKET;
        }
        synchronized (k.lock) {
            return k.newHandle(h -> new EmuSocket(k, h, type == SOCK_STREAM, af == AF_INET6));
        }
    }

    int bind(long s, long addr, int addrLen) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            InetSocketAddress a = Mem.getSockaddr(addr, addrLen);
            if (a == null || (a.getAddress() instanceof java.net.Inet6Address) != so.v6) {
                return k.socketError(WSAEFAULT);
            }
            if (so.bound != null) {
                return k.socketError(WSAEINVAL);
            }
            if (!so.tcp) {
                try {
                    so.datagram = DatagramChannel.open(so.family());
                    so.datagram.configureBlocking(false);
                    so.applyOptions();
                    so.datagram.bind(a);
                } catch (IOException e) {
                    so.datagram = null;
                    return k.socketError(EmuKernel.wsaError(e));
                }
            }
            so.bound = a;
            return 0;
        }
    }

    int listen(long s, int backlog) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            if (so.bound == null || !so.tcp) {
                return k.socketError(WSAEINVAL); // listen page: not bound
            }
            try {
                so.server = ServerSocketChannel.open(so.family());
                so.server.configureBlocking(false);
                so.applyOptions();
                so.server.bind(so.bound, backlog);
                return 0;
            } catch (IOException e) {
                so.server = null;
                return k.socketError(EmuKernel.wsaError(e));
            }
        }
    }

    /** UDP only, as the driver uses it: sets the default peer at once; an unbound socket is bound to the wildcard. */
    int connect(long s, long addr, int addrLen) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            InetSocketAddress a = Mem.getSockaddr(addr, addrLen);
            if (a == null || so.tcp) {
                return k.socketError(so.tcp ? WSAEOPNOTSUPP : WSAEFAULT); // streams connect through ConnectEx here
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
                return k.socketError(EmuKernel.wsaError(e));
            }
        }
    }

    int closesocket(long s) {
        synchronized (k.lock) {
            Object o = k.remove(s);
            if (!(o instanceof EmuSocket)) {
                return k.socketError(WSAENOTSOCK);
            }
            ((EmuSocket) o).close();
            return 0;
        }
    }

    int shutdown(long s, int how) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            if (so.stream == null || !so.connected || so.contextPending) {
                return k.socketError(WSAENOTCONN);
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
                return k.socketError(WSAENOTCONN);
            }
        }
    }

    int getsockname(long s, long addr, long addrLenPtr) {
        return name(s, addr, addrLenPtr, false);
    }

    int getpeername(long s, long addr, long addrLenPtr) {
        return name(s, addr, addrLenPtr, true);
    }

    private int name(long s, long addr, long addrLenPtr, boolean peer) {
        synchronized (k.lock) {
            EmuSocket so = k.socket(s);
            if (so == null) {
                return k.socketError(WSAENOTSOCK);
            }
            if (so.contextPending) {
                return k.socketError(WSAENOTCONN); // AcceptEx/ConnectEx pages: SO_UPDATE_*_CONTEXT first
            }
            InetSocketAddress a;
            try {
                if (peer) {
                    if (so.stream == null || !so.connected) {
                        return k.socketError(WSAENOTCONN);
                    }
                    a = (InetSocketAddress) so.stream.getRemoteAddress();
                } else if (so.channel() != null) {
                    a = (InetSocketAddress) ((NetworkChannel) so.channel()).getLocalAddress();
                } else if (so.bound != null) {
                    a = so.bound;
                } else {
                    return k.socketError(WSAEINVAL); // getsockname page: not bound
                }
            } catch (IOException e) {
                return k.socketError(WSAENOTCONN);
            }
            int len = Mem.putSockaddr(addr, Mem.getInt(addrLenPtr), a);
            if (len < 0) {
                return k.socketError(WSAEFAULT);
            }
            Mem.putInt(addrLenPtr, len);
            return 0;
        }
    }
}
