package io.polyloop.epoll;

import com.sun.jna.Platform;
import io.polyloop.posix.Ffm;

/**
 * epoll(7) through JNA direct mapping (epoll_wait through FFM where the posix bundle's {@link Ffm} says so), and the layout of {@code struct epoll_event}, which differs by architecture:
 * x86-64 packs it (12 bytes, data at 4) for compatibility with i386; aarch64 (and every other 64-bit ABI) aligns the
 * u64 data (16 bytes, data at 8). Thread safe.
 *
 * <p>Bound through {@link EpollBackendProvider#BINDINGS}: again when the bundle starts, unbound when it stops and no
 * {@link Poller} is open, so that the bundle's class loader can be collected after an uninstall and refresh.
 */
final class Epoll {
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLET = 1 << 31;

    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;

    static final int EPOLL_CLOEXEC = 02000000;

    /** sizeof(struct epoll_event) on this machine. */
    static final int EVENT_SIZE;
    /** offsetof(struct epoll_event, data). */
    static final int DATA_OFFSET;

    static {
        boolean packed = isPackedAbi(System.getProperty("os.arch"));
        EVENT_SIZE = packed ? 12 : 16;
        DATA_OFFSET = packed ? 4 : 8;
        EpollBackendProvider.BINDINGS.bind(Epoll.class, Platform.C_LIBRARY_NAME);
    }

    private Epoll() {
    }

    /** The kernel declares epoll_event {@code __attribute__((packed))} on x86-64 only (EPOLL_PACKED). */
    static boolean isPackedAbi(String osArch) {
        return "amd64".equals(osArch) || "x86_64".equals(osArch);
    }

    static native int epoll_create1(int flags);

    /** {@code event} points to one epoll_event (ignored for DEL on kernels since 2.6.9, but must be valid). */
    static native int epoll_ctl(int epfd, int op, int fd, long event);

    /** Through FFM where {@link Ffm#ENABLED} (a static final: the JIT folds the choice), else JNA. */
    static int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis) {
        return Ffm.ENABLED ? Ffm.epollWait(epfd, events, maxEvents, timeoutMillis)
                : Wait.epoll_wait(epfd, events, maxEvents, timeoutMillis);
    }

    /** JNA's epoll_wait: a class of its own (direct mapping binds by method name), never loaded under FFM. */
    private static final class Wait {
        static {
            EpollBackendProvider.BINDINGS.bind(Wait.class, Platform.C_LIBRARY_NAME);
        }

        static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);
    }
}
