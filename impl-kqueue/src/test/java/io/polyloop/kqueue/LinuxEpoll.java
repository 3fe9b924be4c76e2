package io.polyloop.kqueue;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * epoll(7) for the kqueue emulation, through JNA direct mapping (impl-epoll keeps its own binding package-private).
 * {@code struct epoll_event} is packed on x86-64 (12 bytes, data at 4), aligned elsewhere (16, data at 8).
 */
final class LinuxEpoll {
    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLONESHOT = 1 << 30;
    static final int EPOLLET = 1 << 31;
    static final int CTL_ADD = 1;
    static final int CTL_DEL = 2;
    static final int CTL_MOD = 3;
    static final int EPOLL_CLOEXEC = 02000000;

    static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    static final int EVENT_SIZE = PACKED ? 12 : 16;
    static final int DATA_OFFSET = PACKED ? 4 : 8;

    static {
        Native.register(LinuxEpoll.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LinuxEpoll() {
    }

    static native int epoll_create1(int flags);

    static native int epoll_ctl(int epfd, int op, int fd, long event);

    static native int epoll_wait(int epfd, long events, int maxEvents, int timeoutMillis);
}
