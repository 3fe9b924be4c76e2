package io.polyloop.posix;

/**
 * FreeBSD (12 and later, LP64) values of the constants the POSIX backends use, under the same names as
 * {@link LinuxConstants}. The one place that holds them. Sources: FreeBSD's {@code sys/sys/socket.h},
 * {@code sys/netinet/in.h}, {@code sys/netinet6/in6.h}, {@code sys/sys/fcntl.h}, {@code sys/sys/errno.h},
 * {@code sys/sys/resource.h}, {@code sys/sys/syslimits.h}.
 *
 * <p>FreeBSD has SOCK_NONBLOCK/SOCK_CLOEXEC, accept4, MSG_NOSIGNAL and fdatasync as Linux does, but BSD numbers for
 * SOL_SOCKET, SO_*, O_* and errno, and sockaddrs with a length byte ({@code sa_len}).
 */
public final class FreeBsdConstants {
    private FreeBsdConstants() {
    }

    // socket(2)
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 28;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_CLOEXEC = 0x10000000;
    public static final int SOCK_NONBLOCK = 0x20000000;

    // send/recv flags
    public static final int MSG_NOSIGNAL = 0x00020000;

    // shutdown(2)
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;

    // levels and options
    public static final int SOL_SOCKET = 0xffff;
    public static final int SO_REUSEADDR = 0x0004;
    public static final int SO_KEEPALIVE = 0x0008;
    public static final int SO_BROADCAST = 0x0020;
    /** In seconds on FreeBSD. */
    public static final int SO_LINGER = 0x0080;
    public static final int SO_REUSEPORT = 0x0200;
    /** FreeBSD 12+: SO_REUSEPORT that also spreads connections over the sockets (sys/socket.h 0x00010000). */
    public static final int SO_REUSEPORT_LB = 0x00010000;
    public static final int SO_NOSIGPIPE = 0x0800;
    public static final int SO_SNDBUF = 0x1001;
    public static final int SO_RCVBUF = 0x1002;
    public static final int SO_ERROR = 0x1007;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPV6_V6ONLY = 27;

    // open(2)
    public static final int O_RDONLY = 0x0000;
    public static final int O_WRONLY = 0x0001;
    public static final int O_RDWR = 0x0002;
    public static final int O_NONBLOCK = 0x0004;
    public static final int O_APPEND = 0x0008;
    public static final int O_CREAT = 0x0200;
    public static final int O_TRUNC = 0x0400;
    public static final int O_EXCL = 0x0800;
    public static final int O_CLOEXEC = 0x00100000;

    // fcntl(2)
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int FD_CLOEXEC = 1;

    // getrlimit(2)
    public static final int RLIMIT_NOFILE = 8;

    // struct sizes (LP64)
    public static final int SOCKADDR_IN_SIZE = 16;
    public static final int SOCKADDR_IN6_SIZE = 28;
    public static final int SOCKADDR_STORAGE_SIZE = 128;
    public static final int IOVEC_SIZE = 16;
    /** struct msghdr: name 0, namelen 8, iov 16, iovlen (int) 24, control 32, controllen 40, flags 44. */
    public static final int MSGHDR_SIZE = 48;
    public static final int MSGHDR_IOV_OFFSET = 16;
    public static final int MSGHDR_IOVLEN_OFFSET = 24;
    public static final int MSGHDR_IOVLEN_SIZE = 4;
    public static final int IOV_MAX = 1024;

    // what the OS has
    public static final boolean SOCKADDR_HAS_LEN = true;
    public static final boolean HAS_ACCEPT4 = true;
    public static final boolean HAS_FDATASYNC = true;

    // errno numbers (sys/errno.h): every name of io.polyloop.spi.Errno
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EPIPE = 32;
    public static final int EAGAIN = 35;
    public static final int EWOULDBLOCK = EAGAIN;
    public static final int EINPROGRESS = 36;
    public static final int EALREADY = 37;
    public static final int EMSGSIZE = 40;
    public static final int EOPNOTSUPP = 45;
    public static final int EAFNOSUPPORT = 47;
    public static final int EADDRINUSE = 48;
    public static final int EADDRNOTAVAIL = 49;
    public static final int ENETDOWN = 50;
    public static final int ENETUNREACH = 51;
    public static final int ECONNABORTED = 53;
    public static final int ECONNRESET = 54;
    public static final int ENOBUFS = 55;
    public static final int EISCONN = 56;
    public static final int ENOTCONN = 57;
    public static final int ETIMEDOUT = 60;
    public static final int ECONNREFUSED = 61;
    public static final int EHOSTUNREACH = 65;
    public static final int ECANCELED = 85;
}
