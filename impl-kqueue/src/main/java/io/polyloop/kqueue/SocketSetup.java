package io.polyloop.kqueue;

import io.polyloop.posix.Errors;
import io.polyloop.posix.NativeMemory;
import io.polyloop.posix.PosixPlatform;
import io.polyloop.posix.SocketOptions;
import io.polyloop.spi.Errno;
import io.polyloop.spi.FileFlags;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The synchronous side of a driver: creating, binding and inspecting descriptors, in the numbering of its BSD.
 * Failures throw {@link IOException} with the call, the subject and the errno name. Not a hot path. Not thread safe
 * (uses the driver's scratch).
 */
final class SocketSetup {
    private static final int FILE_MODE = 0644;

    private final SocketIo io;
    private final KqueueSyscalls sys;
    private final PosixPlatform p;

    SocketSetup(SocketIo io) {
        this.io = io;
        this.sys = io.sys;
        this.p = io.p;
    }

    /**
     * A non-blocking, close-on-exec socket that never raises SIGPIPE; IPv6 sockets are dual-stack (IPV6_V6ONLY off,
     * as in the JDK; the BSDs default it to on). FreeBSD takes SOCK_NONBLOCK|SOCK_CLOEXEC in the type and
     * MSG_NOSIGNAL per send; macOS has neither (socket(2) there takes no such flags), so the socket is finished
     * with fcntl and SO_NOSIGPIPE.
     */
    int socket(boolean ipv6, boolean stream) throws IOException {
        int type = (stream ? p.SOCK_STREAM : p.SOCK_DGRAM) | p.SOCK_NONBLOCK | p.SOCK_CLOEXEC;
        int fd = sys.socket(ipv6 ? p.AF_INET6 : p.AF_INET, type, 0);
        if (fd < 0) {
            throw Errors.exception(p, sys.errno(), "socket");
        }
        boolean viaFcntl = p.SOCK_NONBLOCK == 0;
        int e = finishBsdSocket(sys, p, fd, io.mem, SocketIo.OPTION, viaFcntl, viaFcntl);
        if (e == 0 && ipv6 && SocketOptions.setInt(sys, fd, p.IPPROTO_IPV6, p.IPV6_V6ONLY, 0, io.mem,
                SocketIo.OPTION) < 0) {
            e = sys.errno();
        }
        if (e != 0) {
            sys.close(fd);
            throw Errors.exception(p, e, "socket setup (fcntl/setsockopt)");
        }
        return fd;
    }

    /**
     * What a socket needs beyond socket(2)/accept(2) where the OS cannot say it in flags.
     *
     * @return 0, or the native errno of the call that failed
     */
    static int finishBsdSocket(KqueueSyscalls sys, PosixPlatform p, int fd, NativeMemory mem, int offset,
                               boolean cloexec, boolean nonblock) {
        if (cloexec && sys.fcntl(fd, p.F_SETFD, p.FD_CLOEXEC) < 0) {
            return sys.errno();
        }
        // a fresh socket has no other status flag set, so F_SETFL needs no F_GETFL first
        if (nonblock && sys.fcntl(fd, p.F_SETFL, p.O_NONBLOCK) < 0) {
            return sys.errno();
        }
        if (p.MSG_NOSIGNAL == 0 && SocketOptions.setInt(sys, fd, p.SOL_SOCKET, p.SO_NOSIGPIPE, 1, mem, offset) < 0) {
            return sys.errno();
        }
        return 0;
    }

    /**
     * Whether this OS spreads connections over the listening sockets of one port: only FreeBSD 12+ does, with
     * SO_REUSEPORT_LB (tried on a scratch socket); macOS and older FreeBSD give them all to one socket although every
     * SO_REUSEPORT socket binds.
     */
    boolean balancesAccepts() throws IOException {
        if (p.SO_REUSEPORT_LB == 0) {
            return false;
        }
        int fd = socket(false, true);
        try {
            return SocketOptions.setInt(sys, fd, p.SOL_SOCKET, p.SO_REUSEPORT_LB, 1, io.mem, SocketIo.OPTION) == 0;
        } finally {
            sys.close(fd);
        }
    }

    /**
     * @param reusePort share the port with other sockets: with SO_REUSEPORT_LB where {@code balance} (the driver
     *                  found it, {@link #balancesAccepts()}), else SO_REUSEPORT
     */
    int listener(InetSocketAddress bind, int backlog, boolean reusePort, boolean balance) throws IOException {
        int fd = socket(isIpv6(bind), true);
        try {
            // as the JDK does for server sockets on Unix: a restarted server can rebind at once
            SocketOptions.set(sys, p, fd, StandardSocketOptions.SO_REUSEADDR, true, io.mem, SocketIo.OPTION);
            if (reusePort && balance) {
                if (SocketOptions.setInt(sys, fd, p.SOL_SOCKET, p.SO_REUSEPORT_LB, 1, io.mem, SocketIo.OPTION) < 0) {
                    throw Errors.exception(p, sys.errno(), "setsockopt SO_REUSEPORT_LB");
                }
            } else if (reusePort) {
                SocketOptions.set(sys, p, fd, StandardSocketOptions.SO_REUSEPORT, true, io.mem, SocketIo.OPTION);
            }
            bind(fd, bind);
            if (sys.listen(fd, backlog) < 0) {
                throw Errors.exception(p, sys.errno(), "listen " + bind);
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            sys.close(fd);
            throw e;
        }
    }

    int udp(InetSocketAddress bind) throws IOException {
        int fd = socket(isIpv6(bind), false);
        try {
            bind(fd, bind);
            return fd;
        } catch (IOException | RuntimeException e) {
            sys.close(fd);
            throw e;
        }
    }

    private void bind(int fd, InetSocketAddress bind) throws IOException {
        int len = io.codec.encode(bind, isIpv6(bind), io.mem.buffer(), SocketIo.SOCKADDR);
        if (len < 0) {
            throw Errno.toException(len, "bind " + bind);
        }
        if (sys.bind(fd, io.mem.address() + SocketIo.SOCKADDR, len) < 0) {
            throw Errors.exception(p, sys.errno(), "bind " + bind);
        }
    }

    static boolean isIpv6(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address;
    }

    /** open(2) (bound as the variadic function it is) with O_CLOEXEC and mode 0644. The path is passed as UTF-8. */
    int openFile(Path path, int flags) throws IOException {
        FileFlags.validate(flags);
        boolean r = (flags & FileFlags.READ) != 0;
        boolean w = (flags & FileFlags.WRITE) != 0;
        int o = (r && w ? p.O_RDWR : w ? p.O_WRONLY : p.O_RDONLY) | p.O_CLOEXEC;
        o |= (flags & FileFlags.CREATE) != 0 ? p.O_CREAT : 0;
        o |= (flags & FileFlags.TRUNCATE) != 0 ? p.O_TRUNC : 0;
        o |= (flags & FileFlags.APPEND) != 0 ? p.O_APPEND : 0; // every WRITE then appends: see FileTask
        o |= (flags & FileFlags.EXCLUSIVE) != 0 ? p.O_EXCL : 0;
        byte[] z = (path.toString() + '\0').getBytes(StandardCharsets.UTF_8);
        int fd;
        do {
            fd = sys.open(z, o, FILE_MODE);
        } while (fd < 0 && sys.errno() == p.EINTR);
        if (fd < 0) {
            throw Errors.exception(p, sys.errno(), "open " + path);
        }
        return fd;
    }

    InetSocketAddress localAddress(int fd) throws IOException {
        io.mem.buffer().putInt(SocketIo.SOCKLEN, p.SOCKADDR_STORAGE_SIZE);
        if (sys.getsockname(fd, io.mem.address() + SocketIo.SOCKADDR, io.mem.address() + SocketIo.SOCKLEN) < 0) {
            throw Errors.exception(p, sys.errno(), "getsockname");
        }
        return io.codec.decode(io.mem.buffer(), SocketIo.SOCKADDR, io.mem.buffer().getInt(SocketIo.SOCKLEN));
    }

    InetSocketAddress remoteAddress(int fd) throws IOException {
        io.mem.buffer().putInt(SocketIo.SOCKLEN, p.SOCKADDR_STORAGE_SIZE);
        if (sys.getpeername(fd, io.mem.address() + SocketIo.SOCKADDR, io.mem.address() + SocketIo.SOCKLEN) < 0) {
            throw Errors.exception(p, sys.errno(), "getpeername");
        }
        return io.codec.decode(io.mem.buffer(), SocketIo.SOCKADDR, io.mem.buffer().getInt(SocketIo.SOCKLEN));
    }
}
