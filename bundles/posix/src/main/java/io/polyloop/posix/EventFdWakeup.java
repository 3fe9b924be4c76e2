package io.polyloop.posix;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The eventfd that makes a blocked wait return: epoll keeps it in its set edge-triggered and {@link #drain()}s it on
 * its event; io_uring keeps an IORING_OP_READ on it armed, whose completion ends the wait. One atomic word
 * coalesces wake-ups and guards the descriptor, without a lock: a {@link #PENDING} bit (at most one eventfd write
 * per wait however many threads call {@link #wakeup()}), a {@link #CLOSED} bit, and the count of wakers inside
 * their write, for which {@link #close()} waits so that it never closes the descriptor under a write (after which
 * the number could belong to another file). {@link #wakeup()} is thread safe; the rest belongs to the loop thread.
 */
public final class EventFdWakeup {
    public static final int PENDING = 1;
    public static final int CLOSED = 2;
    /** One waker inside its eventfd write (the count lives above the two flag bits). */
    public static final int WRITER = 4;

    private final AtomicInteger state = new AtomicInteger();
    private final NativeMemory counter = NativeMemory.allocate(8);
    private final int fd;

    private EventFdWakeup(int fd) {
        this.fd = fd;
    }

    public static EventFdWakeup open() throws IOException {
        int efd = LibC.eventfd(0, LinuxConstants.EFD_NONBLOCK | LinuxConstants.EFD_CLOEXEC);
        if (efd < 0) {
            throw Errors.exception("eventfd");
        }
        return new EventFdWakeup(efd);
    }

    /** Loop thread. */
    public int fd() {
        return fd;
    }

    /** Any thread. Cheap when a wake-up is already pending: one read. */
    public void wakeup() {
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

    /**
     * Loop thread, once it has taken the count (epoll: after {@link #drain()}; io_uring: on the READ's completion), not
     * merely when the wait returns: a wakeup() from now on writes again and makes the next wait return. Cleared
     * earlier, a write made in between could be taken unnoticed and leave {@link #PENDING} set with the count at 0,
     * so that every later wakeup() skipped its write while the loop slept (the session 8 stall).
     */
    public void rearm() {
        int s = state.get();
        while ((s & PENDING) != 0 && !state.compareAndSet(s, s & ~PENDING)) {
            s = state.get();
        }
    }

    /** Loop thread, on the eventfd's readiness (epoll): resets the counter, so the next write is a new edge. */
    public void drain() {
        LibC.eventfd_read(fd, counter.address());
    }

    /**
     * Loop thread, once nothing of the eventfd is in the kernel any more (io_uring: its READ completed or was
     * cancelled). Refuses further writes, waits for one in flight (a single non-blocking syscall), closes. Idempotent.
     */
    public void close() {
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
