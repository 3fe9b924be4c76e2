package io.polyloop.epoll;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The eventfd that makes a blocked epoll_wait return. It sits in the epoll set edge-triggered; a flag coalesces
 * wake-ups, so that at most one eventfd write happens per loop turn however many threads call {@link #wakeup()}.
 * {@link #wakeup()} is thread safe; the rest belongs to the loop thread.
 */
final class Wakeup {
    private final Object lock = new Object();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final NativeMemory counter = NativeMemory.allocate(8);
    private int fd;

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

    /** Any thread. */
    void wakeup() {
        if (!pending.get() && pending.compareAndSet(false, true)) {
            // The lock is taken by at most one waker per loop turn (the flag coalesces); it keeps close() from
            // closing the eventfd under a write, after which the fd number could belong to someone else.
            synchronized (lock) {
                if (fd >= 0) {
                    LibC.eventfd_write(fd, 1);
                }
            }
        }
    }

    /** Loop thread, after the wait: a wakeup() from now on writes again and makes the next wait return. */
    void rearm() {
        pending.set(false);
    }

    /** Loop thread, on the eventfd's event: resets the counter (edge-triggered: the next write is a new edge). */
    void drain() {
        LibC.eventfd_read(fd, counter.address());
    }

    /** Loop thread. */
    void close() {
        synchronized (lock) {
            LibC.close(fd);
            fd = -1;
        }
        counter.free();
    }
}
