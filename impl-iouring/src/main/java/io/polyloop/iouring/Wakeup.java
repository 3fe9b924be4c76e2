package io.polyloop.iouring;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes a blocked io_uring_enter return: an eventfd with an IORING_OP_READ on it kept armed by the driver (its CQE
 * ends the wait, and the driver arms the next read in the same enter that waits again). A flag coalesces wake-ups:
 * at most one eventfd write per loop turn however many threads call {@link #wakeup()}. {@link #wakeup()} is thread
 * safe; the rest belongs to the loop thread.
 */
final class Wakeup {
    private final Object lock = new Object();
    private final AtomicBoolean pending = new AtomicBoolean();
    private int fd;

    private Wakeup(int fd) {
        this.fd = fd;
    }

    static Wakeup open() throws IOException {
        int efd = LibC.eventfd(0, LinuxConstants.EFD_CLOEXEC | LinuxConstants.EFD_NONBLOCK);
        if (efd < 0) {
            throw Errors.exception("eventfd");
        }
        return new Wakeup(efd);
    }

    int fd() {
        return fd;
    }

    /** Any thread. */
    void wakeup() {
        if (!pending.get() && pending.compareAndSet(false, true)) {
            // at most one waker per turn gets here; the lock keeps close() from closing the eventfd under the write,
            // after which the number could belong to another descriptor
            synchronized (lock) {
                if (fd >= 0) {
                    LibC.eventfd_write(fd, 1);
                }
            }
        }
    }

    /** Loop thread, after the wait: a wakeup() from now on writes again and ends the next wait. */
    void rearm() {
        pending.set(false);
    }

    /** Loop thread, once no read on the eventfd is in the kernel any more. */
    void close() {
        synchronized (lock) {
            if (fd >= 0) {
                LibC.close(fd);
                fd = -1;
            }
        }
    }
}
