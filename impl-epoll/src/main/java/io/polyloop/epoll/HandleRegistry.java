package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.readiness.HandleTable;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;

import java.io.IOException;
import java.util.List;

/**
 * The handles one driver holds: a {@link HandleState} in each handle, a {@link HandleTable} entry by fd, and for
 * sockets one membership of the epoll set, added once and never modified (see {@link EpollDriver}). Handles join on
 * open, accept and adopt, and leave on close and detach. Not thread safe: loop thread only.
 */
final class HandleRegistry {
    /** Sockets wait for both directions at once: the per-direction queues decide what an edge is used for. */
    private static final int SOCKET_EVENTS = Epoll.EPOLLIN | Epoll.EPOLLOUT | Epoll.EPOLLRDHUP | Epoll.EPOLLET;
    private static final int LISTENER_EVENTS = Epoll.EPOLLIN | Epoll.EPOLLET;

    private final EpollDriver owner;
    private final Poller poller;
    private final HandleTable<HandleState> table = new HandleTable<>();
    /** The tag of the next handle ({@link HandleState#tag}); never 0, the wake-up eventfd's. */
    private int nextTag = 1;

    HandleRegistry(EpollDriver owner, Poller poller) {
        this.owner = owner;
        this.poller = poller;
    }

    /** @return the state of a handle this driver holds, or null (detached, closed, or another driver's) */
    HandleState stateOf(IoHandle h) {
        Object s = h.driverState();
        return s instanceof HandleState && ((HandleState) s).owner == owner ? (HandleState) s : null;
    }

    /** @return the state of the handle an event names by fd and tag, or null if it left meanwhile */
    HandleState byEvent(int fd, int tag) {
        HandleState st = table.get(fd);
        return st != null && st.tag == tag ? st : null;
    }

    /** @throws IOException EBADF if the socket is not open here, EINVAL if it is a file */
    int socketFd(IoHandle h) throws IOException {
        HandleState st = stateOf(h);
        if (st == null || h.isClosed()) {
            throw Errors.exception(LinuxConstants.EBADF, h + " is not open in this driver");
        }
        if (st.isFile()) {
            throw Errors.exception(Errno.EINVAL, h + " is not a socket");
        }
        return st.fd;
    }

    /** Attaches a descriptor just opened; closes it if it cannot join the epoll set. */
    IoHandle attachOrClose(IoHandle h) throws IOException {
        int r = attach(h);
        if (r < 0) {
            LibC.close((int) h.descriptor());
            throw Errors.exception(-r, "epoll_ctl ADD " + h);
        }
        return h;
    }

    /** @return 0, or -errno if the socket cannot join the epoll set (the caller keeps the fd) */
    int attach(IoHandle h) {
        HandleState st = new HandleState(owner, h, nextTag);
        nextTag = nextTag == Integer.MAX_VALUE ? 1 : nextTag + 1;
        if (h.kind() != HandleKind.FILE) {
            int events = h.kind() == HandleKind.TCP_LISTENER ? LISTENER_EVENTS : SOCKET_EVENTS;
            if (poller.ctl(Epoll.EPOLL_CTL_ADD, st.fd, st.tag, events) < 0) {
                return Errors.negativeLastErrno();
            }
            st.registered = true;
        }
        table.put(st);
        h.driverState(st);
        return 0;
    }

    /** Leaves the epoll set and the table; the fd stays open. */
    void forget(HandleState st) {
        if (st.registered) {
            poller.ctl(Epoll.EPOLL_CTL_DEL, st.fd, 0, 0);
            st.registered = false;
        }
        table.remove(st);
        st.handle.driverState(null);
    }

    /** @return close(2)'s result as an SPI code: 0 or -errno */
    int closeFd(HandleState st) {
        forget(st); // before close(2): the fd number may be reused at once
        st.handle.markClosed();
        // Linux frees the descriptor even when close(2) reports EINTR: never retry
        int r = LibC.close(st.fd);
        int e = r < 0 ? Errors.lastErrno() : 0;
        return r == 0 || e == LinuxConstants.EINTR ? 0 : -Errors.canonical(e);
    }

    /** @return the handles in fd order, a copy (detach and close remove while iterating) */
    List<HandleState> snapshot() {
        return table.snapshot();
    }

    int size() {
        return table.size();
    }
}
