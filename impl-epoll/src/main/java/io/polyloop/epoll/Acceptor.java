package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.nio.charset.StandardCharsets;

import static io.polyloop.epoll.SocketIo.AGAIN;

/**
 * ACCEPT on a listener, and what to do when the process is out of descriptors. Keeps one spare fd (on /dev/null)
 * for that case, libuv's trick: without it a listener under EMFILE can neither take nor refuse its queued
 * connections, whose clients then hang. Not thread safe: loop thread only.
 */
final class Acceptor {
    private final SocketIo io;
    private final HandleRegistry handles;
    private int spareFd = openSpare();

    Acceptor(SocketIo io, HandleRegistry handles) {
        this.io = io;
        this.handles = handles;
    }

    /** @return 0 with the new handle and the peer set on {@code r}, {@link SocketIo#AGAIN}, or -errno */
    int accept(HandleState listener, IoRequest r) {
        for (;;) {
            int fd = io.accept(listener.fd);
            if (fd == AGAIN) {
                return AGAIN;
            }
            if (fd == -Errno.ECONNABORTED) {
                continue; // the peer gave up while queued: take the next one
            }
            if (fd == -Errno.EMFILE || fd == -Errno.ENFILE) {
                shedPendingConnections(listener);
                return fd;
            }
            if (fd < 0) {
                return fd;
            }
            IoHandle h = new IoHandle(HandleKind.TCP_STREAM, fd, listener.handle.isIpv6());
            int added = handles.attach(h);
            if (added < 0) {
                LibC.close(fd);
                return added;
            }
            r.accepted(h);
            r.address(io.peer());
            return 0;
        }
    }

    /**
     * Out of descriptors: free the spare fd, accept and close every queued connection so that their clients see a
     * reset instead of hanging, take the spare back. The accept completes with -EMFILE; the listener is marked not
     * readable so nothing spins (edge-triggered: the next connection is a new edge).
     */
    private void shedPendingConnections(HandleState listener) {
        listener.readable = false;
        if (spareFd < 0) {
            return;
        }
        LibC.close(spareFd);
        int fd;
        while ((fd = LibC.accept4(listener.fd, 0, 0, LinuxConstants.SOCK_CLOEXEC)) >= 0
                || Errors.lastErrno() == LinuxConstants.EINTR) {
            if (fd >= 0) {
                LibC.close(fd);
            }
        }
        spareFd = openSpare();
    }

    private static int openSpare() {
        return LibC.open("/dev/null\0".getBytes(StandardCharsets.US_ASCII),
                LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC, 0);
    }

    void close() {
        if (spareFd >= 0) {
            LibC.close(spareFd);
            spareFd = -1;
        }
    }
}
