package io.polyloop.posix;

import io.polyloop.spi.Errno;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Locale;

/**
 * The numbers and struct facts of one POSIX OS, as values, so that one backend's code runs on macOS and FreeBSD (and
 * is tested here under either OS's numbers) without an {@code if (mac)} at each call site. The numbers themselves
 * live in one place per OS, {@link LinuxConstants}, {@link DarwinConstants} and {@link FreeBsdConstants}, under the
 * C names; this class reads them from there once, by name, so that no number is written twice. A name an OS lacks
 * (SOCK_NONBLOCK on macOS, SO_NOSIGPIPE on Linux) reads as 0, which means "not there". Field names are the C names
 * on purpose: {@code p.SO_ERROR} reads like the header it comes from.
 *
 * <p>errno: {@link #canonical} maps the OS's errno to the SPI's Linux-numbered {@link Errno}, {@link #nativeErrno}
 * the other way (for emulations). Immutable, thread safe.
 */
@SuppressWarnings({"checkstyle:MemberName", "checkstyle:VisibilityModifier"})
public final class PosixPlatform {
    public static final PosixPlatform LINUX = new PosixPlatform("Linux", LinuxConstants.class);
    public static final PosixPlatform DARWIN = new PosixPlatform("Darwin", DarwinConstants.class);
    public static final PosixPlatform FREEBSD = new PosixPlatform("FreeBSD", FreeBsdConstants.class);

    /** Errno numbers 1 to 34 mean the same on Linux and the BSDs (Version 7 Unix), except 11 (EDEADLK on BSD). */
    private static final int SHARED_ERRNO_MAX = 34;
    private static final int BSD_EDEADLK = 11;
    private static final int LINUX_EDEADLK = 35;

    public final String name;

    public final int AF_INET;
    public final int AF_INET6;
    public final int SOCK_STREAM;
    public final int SOCK_DGRAM;
    /** 0 where the OS has none (macOS): use fcntl. */
    public final int SOCK_NONBLOCK;
    public final int SOCK_CLOEXEC;
    /** 0 where the OS has none (macOS): use {@link #SO_NOSIGPIPE}. */
    public final int MSG_NOSIGNAL;
    public final int SHUT_RD;
    public final int SHUT_WR;
    public final int SHUT_RDWR;

    public final int SOL_SOCKET;
    public final int SO_REUSEADDR;
    public final int SO_ERROR;
    public final int SO_BROADCAST;
    public final int SO_SNDBUF;
    public final int SO_RCVBUF;
    public final int SO_KEEPALIVE;
    /** The option whose value counts seconds (SO_LINGER_SEC on macOS). */
    public final int SO_LINGER;
    public final int SO_REUSEPORT;
    /** SO_REUSEPORT with load balancing (FreeBSD 12+); 0 where the OS has none (Linux's SO_REUSEPORT balances). */
    public final int SO_REUSEPORT_LB;
    /** 0 where the OS has none (Linux). */
    public final int SO_NOSIGPIPE;
    public final int IPPROTO_TCP;
    public final int TCP_NODELAY;
    public final int IPPROTO_IPV6;
    public final int IPV6_V6ONLY;

    public final int O_RDONLY;
    public final int O_WRONLY;
    public final int O_RDWR;
    public final int O_CREAT;
    public final int O_EXCL;
    public final int O_TRUNC;
    public final int O_APPEND;
    public final int O_NONBLOCK;
    public final int O_CLOEXEC;
    public final int F_GETFD;
    public final int F_SETFD;
    public final int F_GETFL;
    public final int F_SETFL;
    public final int FD_CLOEXEC;
    /** 0 where the OS has none (everything but macOS). */
    public final int F_FULLFSYNC;
    public final int RLIMIT_NOFILE;

    public final int SOCKADDR_IN_SIZE;
    public final int SOCKADDR_IN6_SIZE;
    public final int SOCKADDR_STORAGE_SIZE;
    public final int IOVEC_SIZE;
    public final int MSGHDR_SIZE;
    public final int MSGHDR_IOV_OFFSET;
    public final int MSGHDR_IOVLEN_OFFSET;
    /** 8 on Linux (size_t), 4 on the BSDs (int). */
    public final int MSGHDR_IOVLEN_SIZE;
    public final int IOV_MAX;
    /** sockaddr is {u8 sa_len, u8 sa_family} on the BSDs, {u16 sa_family} on Linux. */
    public final boolean SOCKADDR_HAS_LEN;
    public final boolean HAS_ACCEPT4;
    public final boolean HAS_FDATASYNC;

    public final int EINTR;
    public final int EAGAIN;
    public final int EBADF;
    public final int EINPROGRESS;
    public final int EALREADY;
    public final int EISCONN;
    public final int ECONNABORTED;
    public final int EMFILE;
    public final int ENFILE;

    private final boolean identityErrno;
    /** native errno to canonical, indexed by native number. */
    private final int[] toCanonical;
    /** canonical errno to native, indexed by canonical number. */
    private final int[] toNative;

    private PosixPlatform(String name, Class<?> c) {
        this.name = name;
        AF_INET = get(c, "AF_INET");
        AF_INET6 = get(c, "AF_INET6");
        SOCK_STREAM = get(c, "SOCK_STREAM");
        SOCK_DGRAM = get(c, "SOCK_DGRAM");
        SOCK_NONBLOCK = optional(c, "SOCK_NONBLOCK");
        SOCK_CLOEXEC = optional(c, "SOCK_CLOEXEC");
        MSG_NOSIGNAL = optional(c, "MSG_NOSIGNAL");
        SHUT_RD = get(c, "SHUT_RD");
        SHUT_WR = get(c, "SHUT_WR");
        SHUT_RDWR = get(c, "SHUT_RDWR");
        SOL_SOCKET = get(c, "SOL_SOCKET");
        SO_REUSEADDR = get(c, "SO_REUSEADDR");
        SO_ERROR = get(c, "SO_ERROR");
        SO_BROADCAST = get(c, "SO_BROADCAST");
        SO_SNDBUF = get(c, "SO_SNDBUF");
        SO_RCVBUF = get(c, "SO_RCVBUF");
        SO_KEEPALIVE = get(c, "SO_KEEPALIVE");
        SO_LINGER = get(c, "SO_LINGER");
        SO_REUSEPORT = get(c, "SO_REUSEPORT");
        SO_REUSEPORT_LB = optional(c, "SO_REUSEPORT_LB");
        SO_NOSIGPIPE = optional(c, "SO_NOSIGPIPE");
        IPPROTO_TCP = get(c, "IPPROTO_TCP");
        TCP_NODELAY = get(c, "TCP_NODELAY");
        IPPROTO_IPV6 = get(c, "IPPROTO_IPV6");
        IPV6_V6ONLY = get(c, "IPV6_V6ONLY");
        O_RDONLY = get(c, "O_RDONLY");
        O_WRONLY = get(c, "O_WRONLY");
        O_RDWR = get(c, "O_RDWR");
        O_CREAT = get(c, "O_CREAT");
        O_EXCL = get(c, "O_EXCL");
        O_TRUNC = get(c, "O_TRUNC");
        O_APPEND = get(c, "O_APPEND");
        O_NONBLOCK = get(c, "O_NONBLOCK");
        O_CLOEXEC = get(c, "O_CLOEXEC");
        F_GETFD = get(c, "F_GETFD");
        F_SETFD = get(c, "F_SETFD");
        F_GETFL = get(c, "F_GETFL");
        F_SETFL = get(c, "F_SETFL");
        FD_CLOEXEC = get(c, "FD_CLOEXEC");
        F_FULLFSYNC = optional(c, "F_FULLFSYNC");
        RLIMIT_NOFILE = get(c, "RLIMIT_NOFILE");
        SOCKADDR_IN_SIZE = get(c, "SOCKADDR_IN_SIZE");
        SOCKADDR_IN6_SIZE = get(c, "SOCKADDR_IN6_SIZE");
        SOCKADDR_STORAGE_SIZE = get(c, "SOCKADDR_STORAGE_SIZE");
        IOVEC_SIZE = get(c, "IOVEC_SIZE");
        MSGHDR_SIZE = get(c, "MSGHDR_SIZE");
        MSGHDR_IOV_OFFSET = get(c, "MSGHDR_IOV_OFFSET");
        MSGHDR_IOVLEN_OFFSET = get(c, "MSGHDR_IOVLEN_OFFSET");
        MSGHDR_IOVLEN_SIZE = get(c, "MSGHDR_IOVLEN_SIZE");
        IOV_MAX = get(c, "IOV_MAX");
        SOCKADDR_HAS_LEN = flag(c, "SOCKADDR_HAS_LEN");
        HAS_ACCEPT4 = flag(c, "HAS_ACCEPT4");
        HAS_FDATASYNC = flag(c, "HAS_FDATASYNC");
        EINTR = get(c, "EINTR");
        EAGAIN = get(c, "EAGAIN");
        EBADF = get(c, "EBADF");
        EINPROGRESS = get(c, "EINPROGRESS");
        EALREADY = get(c, "EALREADY");
        EISCONN = get(c, "EISCONN");
        ECONNABORTED = get(c, "ECONNABORTED");
        EMFILE = get(c, "EMFILE");
        ENFILE = get(c, "ENFILE");
        identityErrno = c == LinuxConstants.class;
        toCanonical = new int[256];
        toNative = new int[256];
        Arrays.fill(toNative, -1);
        for (int n = 1; n <= SHARED_ERRNO_MAX; n++) {
            int canonical = n == BSD_EDEADLK && !identityErrno ? LINUX_EDEADLK : n;
            toCanonical[n] = canonical;
        }
        for (Field f : Errno.class.getFields()) {
            if (f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                int canonical = read(Errno.class, f.getName());
                int nativeNumber = get(c, f.getName()); // every SPI code must exist on every OS
                toCanonical[nativeNumber] = canonical;
                toNative[canonical] = nativeNumber;
            }
        }
    }

    /** @return the platform of the OS this JVM runs on, or null if it is none of Linux, macOS, FreeBSD */
    public static PosixPlatform current() {
        return forOsName(System.getProperty("os.name", ""));
    }

    /** @return the platform for an {@code os.name} value, or null if it is none of Linux, macOS, FreeBSD */
    public static PosixPlatform forOsName(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            return LINUX;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return DARWIN;
        }
        if (os.startsWith("freebsd")) {
            return FREEBSD;
        }
        return null;
    }

    /**
     * @return the SPI's {@link Errno} number for a native errno: through the table of {@link Errno}'s names, numbers
     *         1 to 34 unchanged (BSD 11, EDEADLK, becomes Linux's 35), anything else {@link Errno#EIO}, so that a
     *         foreign number never passes for a Linux one that means something else
     */
    public int canonical(int nativeErrno) {
        if (identityErrno) {
            return nativeErrno;
        }
        if (nativeErrno <= 0 || nativeErrno >= toCanonical.length || toCanonical[nativeErrno] == 0) {
            return Errno.EIO;
        }
        return toCanonical[nativeErrno];
    }

    /** @return this OS's errno for an SPI code (sign ignored), e.g. for an emulation; EIO's for one it cannot map */
    public int nativeErrno(int canonical) {
        int c = Math.abs(canonical);
        if (identityErrno) {
            return c;
        }
        if (c < toNative.length && toNative[c] >= 0) {
            return toNative[c];
        }
        if (c == LINUX_EDEADLK) {
            return BSD_EDEADLK;
        }
        return c <= SHARED_ERRNO_MAX && c != BSD_EDEADLK ? c : toNative[Errno.EIO];
    }

    @Override
    public String toString() {
        return name;
    }

    private static int get(Class<?> c, String field) {
        return read(c, field);
    }

    private static int optional(Class<?> c, String field) {
        try {
            return c.getField(field).getInt(null);
        } catch (NoSuchFieldException e) {
            return 0;
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean flag(Class<?> c, String field) {
        try {
            return c.getField(field).getBoolean(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(c.getSimpleName() + " lacks " + field);
        }
    }

    private static int read(Class<?> c, String field) {
        try {
            return c.getField(field).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(c.getSimpleName() + " lacks " + field);
        }
    }
}
