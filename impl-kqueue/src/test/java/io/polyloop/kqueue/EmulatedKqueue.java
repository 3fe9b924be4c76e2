package io.polyloop.kqueue;

import com.sun.jna.Pointer;
import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.Errno;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One kqueue, emulated over epoll: the knotes of EVFILT_READ, EVFILT_WRITE and EVFILT_USER, with the semantics
 * kevent(2) documents (FreeBSD's manual page; macOS's says the same for these filters and flags), the unpleasant ones
 * included:
 * <ul>
 *   <li>The change list is applied, in order, before any event is collected ("changes ... applied before any pending
 *   events are read").</li>
 *   <li>A change that fails (EBADF for a descriptor that is not open, ENOENT for EV_DELETE or NOTE_TRIGGER of a knote
 *   that does not exist, EINVAL for an unknown filter) is written to the event list with EV_ERROR and the errno in
 *   data, if there is room; if there is none, kevent returns -1 with that errno and the remaining changes are not
 *   applied (RETURN VALUES). EV_RECEIPT makes every change answer so, with data 0 on success. A call in which any
 *   change answered returns at once with those entries, collecting and waiting for nothing (FreeBSD
 *   {@code kern_kevent_fp} returns nerrors without calling {@code kqueue_scan}; XNU skips the scan likewise).</li>
 *   <li>EV_CLEAR: "After the event is retrieved by the user, its state is reset": reported again only on a new state
 *   change (new data, more room), which is epoll's EPOLLET. EV_ONESHOT: "the event is deleted after the first
 *   occurrence" (EPOLLONESHOT, then the knote is removed). Neither: level-triggered, reported by every call while
 *   it holds.</li>
 *   <li>EV_EOF on EVFILT_READ when the peer shut down its writing side (EPOLLRDHUP/EPOLLHUP); on EVFILT_WRITE when
 *   the socket can no longer send (EPOLLHUP/EPOLLERR).</li>
 *   <li>EVFILT_USER: NOTE_TRIGGER fires it, from any thread, waking a kevent blocked in another; with EV_CLEAR it
 *   resets once retrieved, without it stays fired.</li>
 *   <li>close(2) of a descriptor removes its knotes ("Calling close() on a file descriptor will remove any kevents
 *   that reference the descriptor").</li>
 *   <li>kevent with nevents 0 applies changes and returns without waiting; a NULL timeout waits without limit, a
 *   zero timespec polls (kevent(2), timeout).</li>
 * </ul>
 * Not emulated (the backend relies on none): {@code data} of socket events (bytes readable, room to write, backlog),
 * {@code fflags} of EV_EOF (the socket error), EV_DISPATCH, and EV_ADD on a regular file. Unlike the BSDs, Linux
 * reports an unconnected TCP socket writable with HUP, so a fresh socket may see one early EVFILT_WRITE|EV_EOF that
 * a BSD would not send; the backend treats any event as a hint and lets the syscall decide, so either way is fine.
 *
 * <p>Layout: a parent epoll (this kqueue's descriptor) holds two child epolls, one per filter, so that one socket's
 * read and write knotes can differ in EV_CLEAR/EV_ONESHOT, plus an eventfd for EVFILT_USER. Thread safe: a lock
 * guards the knotes, and is not held while waiting.
 */
final class EmulatedKqueue {
    private static final int EV_SIZE = LinuxEpoll.EVENT_SIZE;

    private final KqueueEmulation os;
    private final KeventAbi abi;
    final int fd;
    private final int readEp;
    private final int writeEp;
    private final int userFd;
    private final NativeMemory ctl = NativeMemory.allocate(EV_SIZE);
    private final NativeMemory waitEvents = NativeMemory.allocate(4 * EV_SIZE);
    private final NativeMemory childEvents = NativeMemory.allocate(1024 * EV_SIZE);
    private final NativeMemory counter = NativeMemory.allocate(8);
    private final Map<Long, Knote> knotes = new HashMap<>();

    private static final class Knote {
        final long ident;
        final short filter;
        int flags;
        boolean enabled = true;
        boolean triggered;
        long udata;

        Knote(long ident, short filter) {
            this.ident = ident;
            this.filter = filter;
        }
    }

    EmulatedKqueue(KqueueEmulation os, KeventAbi abi) {
        this.os = os;
        this.abi = abi;
        this.fd = LinuxEpoll.epoll_create1(LinuxEpoll.EPOLL_CLOEXEC);
        this.readEp = LinuxEpoll.epoll_create1(LinuxEpoll.EPOLL_CLOEXEC);
        this.writeEp = LinuxEpoll.epoll_create1(LinuxEpoll.EPOLL_CLOEXEC);
        this.userFd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (fd < 0 || readEp < 0 || writeEp < 0 || userFd < 0) {
            throw new IllegalStateException("emulated kqueue: epoll/eventfd failed, errno " + Errors.lastErrno());
        }
        for (int child : new int[] {readEp, writeEp, userFd}) {
            ctl(fd, LinuxEpoll.CTL_ADD, child, LinuxEpoll.EPOLLIN);
        }
    }

    private int ctl(int epfd, int op, int target, int events) {
        ctl.buffer().putInt(0, events);
        ctl.buffer().putLong(LinuxEpoll.DATA_OFFSET, target);
        return LinuxEpoll.epoll_ctl(epfd, op, target, ctl.address());
    }

    private static long key(long ident, short filter) {
        return ident << 8 | (filter & 0xff);
    }

    /** kevent(2). */
    int kevent(long changelist, int nchanges, long eventlist, int nevents, long timeout) {
        ByteBuffer changes = view(changelist, nchanges);
        ByteBuffer out = view(eventlist, nevents);
        int room = nevents;
        int produced = 0;
        synchronized (this) {
            for (int i = 0; i < nchanges; i++) {
                int error = apply(changes, i);
                int flags = Kevent.flags(changes, abi, i);
                if (error != 0 || (flags & Kevent.EV_RECEIPT) != 0) {
                    if (room == 0) {
                        return os.failWith(error != 0 ? error : os.bsd.nativeErrno(Errno.EINVAL));
                    }
                    Kevent.set(out, abi, produced, Kevent.ident(changes, abi, i), Kevent.filter(changes, abi, i),
                            Kevent.EV_ERROR, 0);
                    out.putLong(produced * abi.size + KeventAbi.DATA, error);
                    produced++;
                    room--;
                }
            }
        }
        if (produced > 0 || nevents == 0) {
            return produced; // answers to changes only: no scan, no wait
        }
        return scan(out, nevents, timeoutMillis(timeout));
    }

    /** @return 0, or the BSD errno of a failed change */
    private int apply(ByteBuffer changes, int i) {
        long ident = Kevent.ident(changes, abi, i);
        short filter = Kevent.filter(changes, abi, i);
        int flags = Kevent.flags(changes, abi, i);
        int fflags = Kevent.fflags(changes, abi, i);
        boolean user = filter == abi.evfiltUser;
        if (!user && filter != Kevent.EVFILT_READ && filter != Kevent.EVFILT_WRITE) {
            return os.bsd.nativeErrno(Errno.EINVAL);
        }
        Knote k = knotes.get(key(ident, filter));
        if ((flags & Kevent.EV_DELETE) != 0) {
            if (k == null) {
                return os.bsd.nativeErrno(Errno.ENOENT);
            }
            if (os.deleteRefusal(ident) != 0) {
                return os.deleteRefusal(ident);
            }
            remove(k);
            return 0;
        }
        if (k == null && (flags & Kevent.EV_ADD) == 0) {
            return os.bsd.nativeErrno(Errno.ENOENT);
        }
        if (!user && LibC.fcntl((int) ident, LinuxConstants.F_GETFD, 0) < 0) {
            return os.bsd.nativeErrno(Errno.EBADF);
        }
        if ((flags & Kevent.EV_ADD) != 0 && os.refusal(ident) != 0) {
            return os.refusal(ident);
        }
        boolean added = k == null;
        if (added) {
            k = new Knote(ident, filter);
            knotes.put(key(ident, filter), k);
        }
        if ((flags & Kevent.EV_ADD) != 0) {
            k.flags = flags & (Kevent.EV_CLEAR | Kevent.EV_ONESHOT);
            k.udata = changes.getLong(i * abi.size + KeventAbi.UDATA);
        }
        if ((flags & Kevent.EV_DISABLE) != 0) {
            k.enabled = false;
        }
        if ((flags & Kevent.EV_ENABLE) != 0) {
            k.enabled = true;
        }
        if (user) {
            if ((fflags & Kevent.NOTE_TRIGGER) != 0) {
                k.triggered = true;
                LibC.eventfd_write(userFd, 1);
            }
            return 0;
        }
        int ep = filter == Kevent.EVFILT_READ ? readEp : writeEp;
        int events = !k.enabled ? 0 : (filter == Kevent.EVFILT_READ ? LinuxEpoll.EPOLLIN | LinuxEpoll.EPOLLRDHUP
                : LinuxEpoll.EPOLLOUT)
                | ((k.flags & Kevent.EV_CLEAR) != 0 ? LinuxEpoll.EPOLLET : 0)
                | ((k.flags & Kevent.EV_ONESHOT) != 0 ? LinuxEpoll.EPOLLONESHOT : 0);
        if (ctl(ep, added ? LinuxEpoll.CTL_ADD : LinuxEpoll.CTL_MOD, (int) ident, events) < 0) {
            int e = os.bsd.nativeErrno(Errors.lastErrno()) /* Linux numbers are canonical */;
            knotes.remove(key(ident, filter));
            return e;
        }
        return 0;
    }

    private void remove(Knote k) {
        knotes.remove(key(k.ident, k.filter));
        if (k.filter != abi.evfiltUser) {
            ctl(k.filter == Kevent.EVFILT_READ ? readEp : writeEp, LinuxEpoll.CTL_DEL, (int) k.ident, 0);
        }
    }

    /** For tests: how many knotes (EVFILT_READ, EVFILT_WRITE) this kqueue holds for descriptor {@code fd}. */
    synchronized int knotesOf(int fd) {
        return (knotes.containsKey(key(fd, Kevent.EVFILT_READ)) ? 1 : 0)
                + (knotes.containsKey(key(fd, Kevent.EVFILT_WRITE)) ? 1 : 0);
    }

    /** close(2) of a descriptor: its knotes go. */
    synchronized void forget(int closedFd) {
        for (short f : new short[] {Kevent.EVFILT_READ, Kevent.EVFILT_WRITE}) {
            Knote k = knotes.get(key(closedFd, f));
            if (k != null) {
                remove(k);
            }
        }
    }

    private int scan(ByteBuffer out, int nevents, int millis) {
        long deadline = millis > 0 ? System.nanoTime() + millis * 1_000_000L : 0;
        for (;;) {
            int wait = millis <= 0 ? millis : (int) Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            synchronized (this) {
                if (userPending()) {
                    wait = 0;
                }
            }
            int n = LinuxEpoll.epoll_wait(fd, waitEvents.address(), 4, wait);
            if (n < 0) {
                return os.fail(); // EINTR: the changes were applied all the same (kevent(2), ERRORS)
            }
            int produced;
            synchronized (this) {
                produced = collect(out, nevents);
            }
            if (produced > 0 || millis == 0 || millis > 0 && System.nanoTime() - deadline >= 0) {
                return produced;
            }
            // nothing for the caller (an eventfd write whose trigger was already taken): wait on
        }
    }

    private boolean userPending() {
        for (Knote k : knotes.values()) {
            if (k.filter == abi.evfiltUser && k.triggered && k.enabled) {
                return true;
            }
        }
        return false;
    }

    private int collect(ByteBuffer out, int nevents) {
        int produced = 0;
        LibC.eventfd_read(userFd, counter.address()); // resets the eventfd; EAGAIN if nothing was written
        List<Knote> fired = new ArrayList<>();
        for (Knote k : knotes.values()) {
            if (k.filter == abi.evfiltUser && k.triggered && k.enabled) {
                fired.add(k);
            }
        }
        for (Knote k : fired) {
            if (produced == nevents) {
                return produced;
            }
            put(out, produced++, k, 0);
            if ((k.flags & Kevent.EV_CLEAR) != 0) {
                k.triggered = false;
            }
            if ((k.flags & Kevent.EV_ONESHOT) != 0) {
                remove(k);
            }
        }
        produced = harvest(readEp, Kevent.EVFILT_READ, out, produced, nevents);
        return harvest(writeEp, Kevent.EVFILT_WRITE, out, produced, nevents);
    }

    private int harvest(int ep, short filter, ByteBuffer out, int produced, int nevents) {
        int room = Math.min(nevents - produced, 1024);
        if (room <= 0) {
            return produced;
        }
        int n = LinuxEpoll.epoll_wait(ep, childEvents.address(), room, 0);
        ByteBuffer ev = childEvents.buffer();
        for (int i = 0; i < n; i++) {
            int mask = ev.getInt(i * EV_SIZE);
            int target = (int) ev.getLong(i * EV_SIZE + LinuxEpoll.DATA_OFFSET);
            Knote k = knotes.get(key(target, filter));
            if (k == null) {
                continue;
            }
            boolean eof = filter == Kevent.EVFILT_READ
                    ? (mask & (LinuxEpoll.EPOLLRDHUP | LinuxEpoll.EPOLLHUP)) != 0
                    : (mask & (LinuxEpoll.EPOLLHUP | LinuxEpoll.EPOLLERR)) != 0;
            put(out, produced++, k, eof ? Kevent.EV_EOF : 0);
            if ((k.flags & Kevent.EV_ONESHOT) != 0) {
                remove(k);
            }
        }
        return produced;
    }

    private void put(ByteBuffer out, int index, Knote k, int extraFlags) {
        Kevent.set(out, abi, index, k.ident, k.filter, (short) (Kevent.EV_ADD | k.flags | extraFlags), 0);
        out.putLong(index * abi.size + KeventAbi.UDATA, k.udata);
    }

    private int timeoutMillis(long timespec) {
        if (timespec == 0) {
            return -1;
        }
        Pointer p = new Pointer(timespec);
        long nanos = p.getLong(0) * 1_000_000_000L + p.getLong(8);
        return (int) Math.min(Integer.MAX_VALUE, (nanos + 999_999) / 1_000_000);
    }

    private ByteBuffer view(long address, int entries) {
        if (address == 0 || entries == 0) {
            return ByteBuffer.allocate(0);
        }
        return new Pointer(address).getByteBuffer(0, (long) entries * abi.size).order(ByteOrder.nativeOrder());
    }

    /** close(2) of the kqueue itself. */
    synchronized void destroy() {
        knotes.clear();
        LibC.close(readEp);
        LibC.close(writeEp);
        LibC.close(userFd);
        ctl.free();
        waitEvents.free();
        childEvents.free();
        counter.free();
    }
}
