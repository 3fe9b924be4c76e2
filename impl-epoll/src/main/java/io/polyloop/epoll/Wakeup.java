package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The eventfd that makes a blocked epoll_wait return. It sits in the epoll set edge-triggered. One atomic word
 * coalesces wake-ups and guards the descriptor, without a lock: a {@link #PENDING} bit (at most one eventfd write
 * per wait however many threads call {@link #wakeup()}), a {@link #CLOSED} bit, and the count of wakers inside
 * their write, for which {@link #close()} waits so that it never closes the descriptor under a write (after which
 * the number could belong to another file). {@link #wakeup()} is thread safe; the rest belongs to the loop thread.
 */
final class Wakeup {
    static final int PENDING = 1;
    static final int CLOSED = 2;
    /** One waker inside its eventfd write (the count lives above the two flag bits). */
    static final int WRITER = 4;

    private final AtomicInteger state = new AtomicInteger();
    private final NativeMemory counter = NativeMemory.allocate(8);
    private final int fd;

    private Wakeup(int fd) {
        this.fd = fd;
    }

    static Wakeup open() throws IOException {
        int efd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (efd < 0) {
            throw Errors.exception("eventfd");
        }
        return new Wakeup(efd);
    }

    /** Loop thread. */
    int fd() {
        return fd;
    }

    /** Any thread. Cheap when a wake-up is already pending: one read. */
    void wakeup() {
        int s = state.get();
        while ((s & (PENDING | CLOSED)) == 0) {
            if (state.compareAndSet(s, s + PENDING + WRITER)) {
                try {
                    LibC.eventfd_write(fd, 1);
                } finally {
                    state.getAndAdd(-WRITER);
                }
                return;
            }
            s = state.get();
        }
    }

    /** Loop thread, after the wait: a wakeup() from now on writes again and makes the next wait return. */
    void rearm() {
        int s = state.get();
        while ((s & PENDING) != 0 && !state.compareAndSet(s, s & ~PENDING)) {
            s = state.get();
        }
    }

    /** Loop thread, on the eventfd's event: resets the counter (edge-triggered: the next write is a new edge). */
    void drain() {
        LibC.eventfd_read(fd, counter.address());
    }

    /** Loop thread. Refuses further writes, waits for one in flight (a single non-blocking syscall), closes. */
    void close() {
        int s = state.get();
        while ((s & CLOSED) == 0 && !state.compareAndSet(s, s | CLOSED)) {
            s = state.get();
        }
        if ((s & CLOSED) != 0) {
            return; // closed before
        }
        while (state.get() >= WRITER) {
            Thread.onSpinWait();
        }
        LibC.close(fd);
        counter.free();
    }
}
