package io.polyloop.kqueue;

import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.polyloop.kqueue.SocketIo.AGAIN;

/**
 * ACCEPT on a listener, and what to do when the process is out of descriptors. Keeps one spare fd (on /dev/null)
 * for that case, libuv's trick: without it a listener under EMFILE can neither take nor refuse its queued
 * connections, whose clients then hang. Not thread safe: loop thread only.
 */
final class Acceptor {
    private final SocketIo io;
    private final HandleRegistry handles;
    private int spareFd;

    Acceptor(SocketIo io, HandleRegistry handles) {
        this.io = io;
        this.handles = handles;
        this.spareFd = openSpare();
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
            try {
                handles.attach(h);
            } catch (IOException e) {
                io.sys.close(fd);
                return -Errno.EIO; // the change list could not be flushed: the kqueue itself is failing
            }
            r.accepted(h);
            r.address(io.peer());
            return 0;
        }
    }

    /**
     * Out of descriptors: free the spare fd, accept and close every queued connection so that their clients see a
     * reset instead of hanging, take the spare back. The accept completes with -EMFILE; the listener is marked not
     * readable so nothing spins (EV_CLEAR: the next connection is a new state change).
     */
    private void shedPendingConnections(HandleState listener) {
        listener.readable = false;
        if (spareFd < 0) {
            return;
        }
        io.sys.close(spareFd);
        int fd;
        while ((fd = io.sys.accept(listener.fd, 0, 0)) >= 0 || io.sys.errno() == io.p.EINTR) {
            if (fd >= 0) {
                io.sys.close(fd);
            }
        }
        spareFd = openSpare();
    }

    private int openSpare() {
        return io.sys.open("/dev/null\0".getBytes(StandardCharsets.US_ASCII), io.p.O_RDONLY | io.p.O_CLOEXEC, 0);
    }

    void close() {
        if (spareFd >= 0) {
            io.sys.close(spareFd);
            spareFd = -1;
        }
    }
}
