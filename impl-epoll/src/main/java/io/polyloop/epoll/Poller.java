package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeBindings;
import io.polyloop.posix.NativeMemory;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One epoll instance: the set (epoll_ctl over one preallocated epoll_event) and the wait (into an event array of
 * {@code maxEvents} entries allocated once). Events beyond {@code maxEvents} stay in the kernel's ready list for the
 * next wait. Not thread safe: loop thread only.
 */
final class Poller {
    private final int epfd;
    private final int maxEvents;
    private final NativeMemory events;
    private final NativeMemory ctl = NativeMemory.allocate(Epoll.EVENT_SIZE);
    private boolean closed;

    private Poller(int epfd, int maxEvents) {
        this.epfd = epfd;
        this.maxEvents = maxEvents;
        this.events = NativeMemory.allocate(maxEvents * Epoll.EVENT_SIZE);
    }

    /** Holds the JNA bindings (epoll's and libc's) until {@link #close}: a stopped bundle's loop may still run it. */
    static Poller open(int maxEvents) throws IOException {
        NativeBindings.POSIX.acquire();
        EpollBackendProvider.BINDINGS.acquire();
        boolean opened = false;
        try {
            int ep = Epoll.epoll_create1(Epoll.EPOLL_CLOEXEC);
            if (ep < 0) {
                throw Errors.exception("epoll_create1");
            }
            Poller p = new Poller(ep, maxEvents);
            opened = true;
            return p;
        } finally {
            if (!opened) {
                releaseBindings();
            }
        }
    }

    private static void releaseBindings() {
        EpollBackendProvider.BINDINGS.release();
        NativeBindings.POSIX.release();
    }

    /**
     * @param tag names this membership of {@code fd} ({@link HandleState#tag}); 0 for the wake-up eventfd
     * @return epoll_ctl's result: 0, or -1 with errno set. The event's data is the fd in its low half, the tag in its
     *         high half.
     */
    int ctl(int op, int fd, int tag, int eventMask) {
        ByteBuffer b = ctl.buffer();
        b.putInt(0, eventMask);
        b.putLong(Epoll.DATA_OFFSET, (long) tag << 32 | (fd & 0xFFFF_FFFFL));
        return Epoll.epoll_ctl(epfd, op, fd, ctl.address());
    }

    /**
     * epoll_wait, retried on EINTR until the deadline.
     *
     * @param timeoutNanos as {@link io.polyloop.spi.IoDriver#poll}: negative forever, 0 do not block
     * @param noBlock      true when completions are already waiting: only collect what is ready
     * @return the number of events, readable with {@link #fd} and {@link #mask}
     */
    int wait(long timeoutNanos, boolean noBlock) throws IOException {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        for (;;) {
            int millis = noBlock ? 0 : Timeouts.toMillis(timeoutNanos, deadline);
            int n = Epoll.epoll_wait(epfd, events.address(), maxEvents, millis);
            if (n >= 0) {
                return n;
            }
            if (Errors.lastErrno() != LinuxConstants.EINTR) {
                throw Errors.exception("epoll_wait");
            }
            if (timeoutNanos > 0 && System.nanoTime() - deadline >= 0) {
                return 0;
            }
        }
    }

    int fd(int i) {
        return (int) events.buffer().getLong(i * Epoll.EVENT_SIZE + Epoll.DATA_OFFSET);
    }

    /** The tag the fd of event {@code i} joined the set with (see {@link #ctl}). */
    int tag(int i) {
        return (int) (events.buffer().getLong(i * Epoll.EVENT_SIZE + Epoll.DATA_OFFSET) >>> 32);
    }

    int mask(int i) {
        return events.buffer().getInt(i * Epoll.EVENT_SIZE);
    }

    /** Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        LibC.close(epfd);
        events.free();
        ctl.free();
        releaseBindings();
    }
}
