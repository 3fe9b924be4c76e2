package io.polyloop.kqueue;

import io.polyloop.posix.readiness.HandleTable;
import io.polyloop.spi.Errno;
import io.polyloop.spi.HandleKind;
import io.polyloop.spi.IoHandle;

import java.io.IOException;
import java.util.List;

/**
 * The handles one driver holds: a {@link HandleState} in each handle, a {@link HandleTable} entry by fd, and for
 * sockets their kqueue registrations. Handles join on open, accept and adopt, and leave on close, detach and
 * release.
 *
 * <p>A socket is registered once, for EVFILT_READ and (unless it listens) EVFILT_WRITE, both with EV_CLEAR, and never
 * modified: EV_CLEAR makes the filter report a state change once and then reset ("useful for filters which report
 * state transitions instead of the current state", kevent(2)), i.e. edge-triggered, as the epoll backend is. The
 * alternative, EV_ONESHOT, would cost a change (re-arm) per request and direction, and a readiness that arrives
 * between the event and the re-arm is reported at the re-arm anyway; with per-direction queues that always know what
 * to do next, EV_CLEAR needs no change after the first. The registrations travel in the change list of the next
 * wait ({@link Poller}), so a new connection costs no syscall of its own. Closing a descriptor removes its knotes
 * (kevent(2): "Calling close() on a file descriptor will remove any kevents that reference the descriptor"), and a
 * detaching driver closes its whole kqueue; only a socket released to another running driver, which stays open
 * while this kqueue lives on, is deleted with EV_DELETE ({@link #release}).
 *
 * <p>Not thread safe: loop thread only.
 */
final class HandleRegistry {
    private static final short CLEAR = (short) (Kevent.EV_ADD | Kevent.EV_CLEAR);

    private final KqueueDriver owner;
    private final Poller poller;
    private final SocketIo io;
    private final HandleTable<HandleState> table = new HandleTable<>();

    HandleRegistry(KqueueDriver owner, Poller poller, SocketIo io) {
        this.owner = owner;
        this.poller = poller;
        this.io = io;
    }

    /** @return the state of a handle this driver holds, or null (detached, closed, or another driver's) */
    HandleState stateOf(IoHandle h) {
        Object s = h.driverState();
        return s instanceof HandleState && ((HandleState) s).owner == owner ? (HandleState) s : null;
    }

    /** @return the state of the handle whose fd an event names, or null if it left meanwhile */
    HandleState byFd(int fd) {
        return table.get(fd);
    }

    /** @throws IOException EBADF if the socket is not open here, EINVAL if it is a file */
    int socketFd(IoHandle h) throws IOException {
        HandleState st = stateOf(h);
        if (st == null || h.isClosed()) {
            throw Errno.toException(-Errno.EBADF, h + " is not open in this driver");
        }
        if (st.isFile()) {
            throw Errno.toException(-Errno.EINVAL, h + " is not a socket");
        }
        return st.fd;
    }

    /** Attaches a descriptor just opened; closes it if it cannot be registered. */
    IoHandle attachOrClose(IoHandle h) throws IOException {
        try {
            attach(h);
        } catch (IOException | RuntimeException e) {
            io.sys.close((int) h.descriptor());
            throw e;
        }
        return h;
    }

    /** Joins the table and queues the socket's registrations for the next wait. */
    void attach(IoHandle h) throws IOException {
        HandleState st = new HandleState(owner, h);
        if (h.kind() == HandleKind.FILE) {
            int fl = io.sys.fcntl(st.fd, io.p.F_GETFL, 0);
            st.append = fl >= 0 && (fl & io.p.O_APPEND) != 0;
        } else {
            poller.add(st.fd, Kevent.EVFILT_READ, CLEAR);
            if (h.kind() != HandleKind.TCP_LISTENER) {
                poller.add(st.fd, Kevent.EVFILT_WRITE, CLEAR);
            }
        }
        table.put(st);
        h.driverState(st);
    }

    /** Leaves the table; registrations not yet sent are dropped. The fd stays open. */
    void forget(HandleState st) {
        if (!st.isFile()) {
            poller.dropChanges(st.fd);
        }
        table.remove(st);
        st.handle.driverState(null);
    }

    /**
     * Leaves the table and this kqueue, the fd open: a socket's knotes are deleted now (EV_DELETE), or this kqueue
     * would report its events while another driver serves it, for as long as both live.
     *
     * @throws IOException if the knotes could not be deleted; the handle then stays, registered
     */
    void release(HandleState st) throws IOException {
        if (!st.isFile()) {
            poller.deregister(st.fd, st.handle.kind() != HandleKind.TCP_LISTENER);
        }
        forget(st);
    }

    /** @return close(2)'s result as an SPI code: 0 or -errno */
    int closeFd(HandleState st) {
        forget(st); // before close(2): the fd number may be reused at once
        st.handle.markClosed();
        // EINTR: macOS and FreeBSD may or may not have freed the descriptor; retrying could close a reused number
        int r = io.sys.close(st.fd);
        int e = r < 0 ? io.sys.errno() : 0;
        return r == 0 || e == io.p.EINTR ? 0 : -io.p.canonical(e);
    }

    /** @return the handles in fd order, a copy (detach and close remove while iterating) */
    List<HandleState> snapshot() {
        return table.snapshot();
    }

    int size() {
        return table.size();
    }
}
