package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.SocketOptions;
import io.polyloop.spi.FileFlags;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.polyloop.posix.LinuxConstants.AF_INET;
import static io.polyloop.posix.LinuxConstants.AF_INET6;
import static io.polyloop.posix.LinuxConstants.EINTR;
import static io.polyloop.posix.LinuxConstants.IPPROTO_IPV6;
import static io.polyloop.posix.LinuxConstants.IPV6_V6ONLY;
import static io.polyloop.posix.LinuxConstants.O_APPEND;
import static io.polyloop.posix.LinuxConstants.O_CLOEXEC;
import static io.polyloop.posix.LinuxConstants.O_CREAT;
import static io.polyloop.posix.LinuxConstants.O_EXCL;
import static io.polyloop.posix.LinuxConstants.O_RDONLY;
import static io.polyloop.posix.LinuxConstants.O_RDWR;
import static io.polyloop.posix.LinuxConstants.O_TRUNC;
import static io.polyloop.posix.LinuxConstants.O_WRONLY;
import static io.polyloop.posix.LinuxConstants.SOCK_CLOEXEC;
import static io.polyloop.posix.LinuxConstants.SOCK_DGRAM;
import static io.polyloop.posix.LinuxConstants.SOCK_NONBLOCK;
import static io.polyloop.posix.LinuxConstants.SOCK_STREAM;

/**
 * The synchronous side of a driver: creating, binding and inspecting descriptors. Failures throw {@link IOException}
 * with the call, the subject and the errno name. Not a hot path. Not thread safe (uses the driver's scratch).
 */
final class SocketSetup {
    private static final int FILE_MODE = 0644;

    private final SocketIo io;

    SocketSetup(SocketIo io) {
        this.io = io;
    }

    /** A non-blocking, close-on-exec socket; IPv6 sockets are dual-stack (IPV6_V6ONLY off), as in the JDK. */
    int socket(boolean ipv6, boolean stream) throws IOException {
        int fd = LibC.socket(ipv6 ? AF_INET6 : AF_INET, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK
                | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errors.exception("socket");
        }
        if (ipv6) {
            io.mem.buffer().putInt(SocketIo.OPTION, 0);
            if (LibC.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, io.mem.address() + SocketIo.OPTION, 4) < 0) {
                IOException e = Errors.exception("setsockopt IPV6_V6ONLY");
                LibC.close(fd);
                throw e;
            }
        }
        return fd;
    }

    int listener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException {
        int fd = socket(isIpv6(bind), true);
        try {
            // as the JDK does for server sockets on Unix: a restarted server can rebind at once
            SocketOptions.set(fd, StandardSocketOptions.SO_REUSEADDR, true, io.mem, SocketIo.OPTION);
            if (reusePort) {
                SocketOptions.set(fd, StandardSocketOptions.SO_REUSEPORT, true, io.mem, SocketIo.OPTION);
            }
            bind(fd, bind);
            if (LibC.listen(fd, backlog) < 0) {
                throw Errors.exception("listen " + bind);
            }
            return fd;
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    int udp(InetSocketAddress bind) throws IOException {
        int fd = socket(isIpv6(bind), false);
        try {
            bind(fd, bind);
            return fd;
        } catch (IOException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    private void bind(int fd, InetSocketAddress bind) throws IOException {
        int len = io.codec.encode(bind, isIpv6(bind), io.mem.buffer(), SocketIo.SOCKADDR);
        if (len < 0) {
            throw Errors.exception(-len, "bind " + bind);
        }
        if (LibC.bind(fd, io.mem.address() + SocketIo.SOCKADDR, len) < 0) {
            throw Errors.exception("bind " + bind);
        }
    }

    static boolean isIpv6(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address;
    }

    /** open(2) with O_CLOEXEC and mode 0644. The path is passed as UTF-8. */
    static int openFile(Path path, int flags) throws IOException {
        FileFlags.validate(flags);
        boolean r = (flags & FileFlags.READ) != 0;
        boolean w = (flags & FileFlags.WRITE) != 0;
        int o = (r && w ? O_RDWR : w ? O_WRONLY : O_RDONLY) | O_CLOEXEC;
        o |= (flags & FileFlags.CREATE) != 0 ? O_CREAT : 0;
        o |= (flags & FileFlags.TRUNCATE) != 0 ? O_TRUNC : 0;
        o |= (flags & FileFlags.APPEND) != 0 ? O_APPEND : 0; // every WRITE then appends: see FileTask
        o |= (flags & FileFlags.EXCLUSIVE) != 0 ? O_EXCL : 0;
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[p.length + 1];
        System.arraycopy(p, 0, z, 0, p.length);
        int fd;
        do {
            fd = LibC.open(z, o, FILE_MODE);
        } while (fd < 0 && Errors.lastErrno() == EINTR);
        if (fd < 0) {
            throw Errors.exception("open " + path);
        }
        return fd;
    }

    InetSocketAddress localAddress(int fd) throws IOException {
        io.mem.buffer().putInt(SocketIo.SOCKLEN, 128);
        if (LibC.getsockname(fd, io.mem.address() + SocketIo.SOCKADDR, io.mem.address() + SocketIo.SOCKLEN) < 0) {
            throw Errors.exception("getsockname");
        }
        return io.codec.decode(io.mem.buffer(), SocketIo.SOCKADDR, io.mem.buffer().getInt(SocketIo.SOCKLEN));
    }

    InetSocketAddress remoteAddress(int fd) throws IOException {
        io.mem.buffer().putInt(SocketIo.SOCKLEN, 128);
        if (LibC.getpeername(fd, io.mem.address() + SocketIo.SOCKADDR, io.mem.address() + SocketIo.SOCKLEN) < 0) {
            throw Errors.exception("getpeername");
        }
        return io.codec.decode(io.mem.buffer(), SocketIo.SOCKADDR, io.mem.buffer().getInt(SocketIo.SOCKLEN));
    }

}
