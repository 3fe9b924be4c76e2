package io.polyloop.posix;

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
import static io.polyloop.posix.LinuxConstants.SOCKADDR_STORAGE_SIZE;
import static io.polyloop.posix.LinuxConstants.SOCK_CLOEXEC;
import static io.polyloop.posix.LinuxConstants.SOCK_DGRAM;
import static io.polyloop.posix.LinuxConstants.SOCK_NONBLOCK;
import static io.polyloop.posix.LinuxConstants.SOCK_STREAM;

/**
 * The synchronous side of a Linux driver: creating, binding and inspecting descriptors, over scratch memory the
 * driver owns (one sockaddr_storage, a socklen and an option word). Failures throw {@link IOException} with the
 * call, the subject and the errno name. Sockets are non-blocking and close-on-exec, IPv6 ones dual-stack, as in the
 * JDK. Not a hot path. Not thread safe (the scratch is the caller's).
 */
public final class SocketSetup {
    /** Bytes of scratch this class needs. */
    public static final int SCRATCH_SIZE = SOCKADDR_STORAGE_SIZE + 8 + 16;
    private static final int SOCKADDR = 0;
    private static final int SOCKLEN = SOCKADDR_STORAGE_SIZE;
    private static final int OPTION = SOCKLEN + 8;
    private static final int FILE_MODE = 0644;

    private final NativeMemory mem;
    private final SockAddr codec = new SockAddr();

    /** @param scratch at least {@link #SCRATCH_SIZE} bytes, used by this object alone */
    public SocketSetup(NativeMemory scratch) {
        if (scratch.size() < SCRATCH_SIZE) {
            throw new IllegalArgumentException("scratch of " + scratch.size() + " bytes, " + SCRATCH_SIZE + " needed");
        }
        this.mem = scratch;
    }

    public int socket(boolean ipv6, boolean stream) throws IOException {
        int fd = LibC.socket(ipv6 ? AF_INET6 : AF_INET, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK
                | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw Errors.exception("socket");
        }
        if (ipv6) {
            mem.buffer().putInt(OPTION, 0);
            if (LibC.setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, mem.address() + OPTION, 4) < 0) {
                IOException e = Errors.exception("setsockopt IPV6_V6ONLY");
                LibC.close(fd);
                throw e;
            }
        }
        return fd;
    }

    public int listener(InetSocketAddress bind, int backlog, boolean reusePort) throws IOException {
        int fd = socket(isIpv6(bind), true);
        try {
            // as the JDK does for server sockets on Unix: a restarted server can rebind at once
            SocketOptions.set(fd, StandardSocketOptions.SO_REUSEADDR, true, mem, OPTION);
            if (reusePort) {
                SocketOptions.set(fd, StandardSocketOptions.SO_REUSEPORT, true, mem, OPTION);
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

    public int udp(InetSocketAddress bind) throws IOException {
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
        int len = codec.encode(bind, isIpv6(bind), mem.buffer(), SOCKADDR);
        if (len < 0) {
            throw Errors.exception(-len, "bind " + bind);
        }
        if (LibC.bind(fd, mem.address() + SOCKADDR, len) < 0) {
            throw Errors.exception("bind " + bind);
        }
    }

    public static boolean isIpv6(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address;
    }

    /** shutdown(2) of one or both directions; nothing when neither is asked. */
    public static void shutdown(int fd, boolean read, boolean write) throws IOException {
        if (!read && !write) {
            return;
        }
        int how = read && write ? LinuxConstants.SHUT_RDWR : read ? LinuxConstants.SHUT_RD : LinuxConstants.SHUT_WR;
        if (LibC.shutdown(fd, how) < 0) {
            throw Errors.exception("shutdown fd " + fd);
        }
    }

    /** open(2) with O_CLOEXEC and mode 0644; {@link FileFlags#APPEND} becomes O_APPEND. The path goes as UTF-8. */
    public static int openFile(Path path, int flags) throws IOException {
        FileFlags.validate(flags);
        boolean r = (flags & FileFlags.READ) != 0;
        boolean w = (flags & FileFlags.WRITE) != 0;
        int o = (r && w ? O_RDWR : w ? O_WRONLY : O_RDONLY) | O_CLOEXEC;
        o |= (flags & FileFlags.CREATE) != 0 ? O_CREAT : 0;
        o |= (flags & FileFlags.TRUNCATE) != 0 ? O_TRUNC : 0;
        o |= (flags & FileFlags.APPEND) != 0 ? O_APPEND : 0;
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

    public InetSocketAddress localAddress(int fd) throws IOException {
        mem.buffer().putInt(SOCKLEN, SOCKADDR_STORAGE_SIZE);
        if (LibC.getsockname(fd, mem.address() + SOCKADDR, mem.address() + SOCKLEN) < 0) {
            throw Errors.exception("getsockname");
        }
        return codec.decode(mem.buffer(), SOCKADDR, mem.buffer().getInt(SOCKLEN));
    }

    public InetSocketAddress remoteAddress(int fd) throws IOException {
        mem.buffer().putInt(SOCKLEN, SOCKADDR_STORAGE_SIZE);
        if (LibC.getpeername(fd, mem.address() + SOCKADDR, mem.address() + SOCKLEN) < 0) {
            throw Errors.exception("getpeername");
        }
        return codec.decode(mem.buffer(), SOCKADDR, mem.buffer().getInt(SOCKLEN));
    }

    /** The option word of the scratch, for {@link SocketOptions} calls made by the same driver. */
    public int optionOffset() {
        return OPTION;
    }
}
