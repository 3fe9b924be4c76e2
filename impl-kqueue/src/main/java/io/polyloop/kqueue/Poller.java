package io.polyloop.kqueue;

import io.polyloop.posix.Errors;
import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.Errno;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One kqueue: the change list, the event list and the wait. Registrations are not made one syscall each: they are
 * appended to the change list and go to the kernel with the next {@link #poll}, which kevent(2) applies before it
 * collects events ("changelist ... applied before any pending events are read", kevent(2) of FreeBSD and macOS).
 * Through JNA every syscall costs ~100 ns more than through JNI, so a new connection costs no syscall of its own.
 *
 * <p>The change list holds at most as many entries as the event list: a change that fails is reported in the event
 * list with EV_ERROR, and only "if there is enough room in the eventlist"; otherwise kevent returns -1 and stops at
 * that change, leaving the rest unapplied (kevent(2), RETURN VALUES). With room for every change, each failure comes
 * back as an event and none is lost. A call in which a change failed returns those errors only, without waiting and
 * without collecting events (both kernels skip the scan once a change produced output: FreeBSD
 * {@code kern_kevent_fp}, XNU {@code kevent_internal}); the next wait collects them.
 *
 * <p>When the list is full, {@link #add} flushes it with every change marked EV_RECEIPT, into a list of its own:
 * each change then answers with an EV_ERROR entry (data 0 on success), and since changes produced output the kernel
 * drains no pending event, which an EV_CLEAR registration would otherwise lose ("EV_RECEIPT: useful for making bulk
 * changes to a kqueue without draining any pending events", kevent(2)). Failures found so are kept for the next
 * {@link #poll}'s caller ({@link #failedFd}).
 *
 * <p>Not thread safe: loop thread only.
 */
final class Poller {
    private final KqueueSyscalls sys;
    private final KeventAbi abi;
    private final int kq;
    private final int capacity;
    private final NativeMemory changes;
    private final NativeMemory events;
    private final NativeMemory receipts;
    private final NativeMemory timespec = NativeMemory.allocate(Kevent.TIMESPEC_SIZE);
    private final NativeMemory zero = NativeMemory.allocate(Kevent.TIMESPEC_SIZE);
    /** {@link #deregister}: two EV_DELETE changes, then room for their two receipts. */
    private final NativeMemory deletes;
    private int pending;
    /** Registrations that failed in a flush: fd and native errno, pairs; read by the driver after each wait. */
    private int[] failed = new int[8];
    private int failedCount;

    private Poller(KqueueSyscalls sys, KeventAbi abi, int kq, int capacity) {
        this.sys = sys;
        this.abi = abi;
        this.kq = kq;
        this.capacity = capacity;
        this.changes = NativeMemory.allocate(capacity * abi.size);
        this.events = NativeMemory.allocate(capacity * abi.size);
        this.receipts = NativeMemory.allocate(capacity * abi.size);
        this.deletes = NativeMemory.allocate(4 * abi.size);
    }

    static Poller open(KqueueSyscalls sys, KeventAbi abi, int capacity) throws IOException {
        int kq = sys.kqueue();
        if (kq < 0) {
            throw Errors.exception(abi.posix, sys.errno(), "kqueue");
        }
        return new Poller(sys, abi, kq, capacity);
    }

    int kq() {
        return kq;
    }

    /** Queues a change for the next wait; flushes first if the list is full. */
    void add(int fd, short filter, short flags) throws IOException {
        if (pending == capacity) {
            flush();
        }
        Kevent.set(changes.buffer(), abi, pending++, fd, filter, flags, 0);
    }

    /** Drops the queued changes of a descriptor about to be closed, whose number the OS may hand out again at once. */
    void dropChanges(int fd) {
        ByteBuffer b = changes.buffer();
        int kept = 0;
        for (int i = 0; i < pending; i++) {
            if (Kevent.ident(b, abi, i) != fd) {
                if (kept != i) {
                    for (int k = 0; k < abi.size; k += 8) {
                        b.putLong(kept * abi.size + k, b.getLong(i * abi.size + k));
                    }
                }
                kept++;
            }
        }
        pending = kept;
    }

    /**
     * Removes a socket's knotes from this kqueue now, for a socket that leaves a running driver but stays open: a
     * knote lives as long as its descriptor or its kqueue ("Calling close() on a file descriptor will remove any
     * kevents that reference the descriptor", kevent(2)), so without EV_DELETE this kqueue would go on reporting the
     * socket's events while another loop serves it. One syscall, with EV_RECEIPT so that it answers every change and
     * drains no pending event. A filter whose EV_ADD is still in the change list answers ENOENT, which is fine: the
     * queued EV_ADD is dropped afterwards. Loop thread only.
     *
     * @param write also EVFILT_WRITE (every socket but a listener has it)
     * @throws IOException if kevent fails or a filter could not be deleted for another reason than ENOENT; the
     *                     queued changes of the fd are then kept
     */
    void deregister(int fd, boolean write) throws IOException {
        ByteBuffer b = deletes.buffer();
        short flags = (short) (Kevent.EV_DELETE | Kevent.EV_RECEIPT);
        int n = 0;
        Kevent.set(b, abi, n++, fd, Kevent.EVFILT_READ, flags, 0);
        if (write) {
            Kevent.set(b, abi, n++, fd, Kevent.EVFILT_WRITE, flags, 0);
        }
        int got = sys.kevent(kq, deletes.address(), n, deletes.address() + 2L * abi.size, n, zero.address());
        if (got < 0) {
            throw Errors.exception(abi.posix, sys.errno(), "kevent EV_DELETE fd " + fd);
        }
        for (int i = 2; i < 2 + got; i++) { // the receipts follow the changes
            int err = (int) Kevent.data(b, abi, i);
            if ((Kevent.flags(b, abi, i) & Kevent.EV_ERROR) != 0 && err != 0
                    && abi.posix.canonical(err) != Errno.ENOENT) {
                throw Errors.exception(abi.posix, err, "kevent EV_DELETE fd " + fd + " filter "
                        + Kevent.filter(b, abi, i));
            }
        }
        dropChanges(fd);
    }

    /** Applies the queued changes now, with receipts, draining no event; failures wait in {@link #failedFd}. */
    private void flush() throws IOException {
        ByteBuffer b = changes.buffer();
        for (int i = 0; i < pending; i++) {
            int at = i * abi.size + KeventAbi.FLAGS;
            b.putShort(at, (short) (b.getShort(at) | Kevent.EV_RECEIPT));
        }
        int n = sys.kevent(kq, changes.address(), pending, receipts.address(), pending, zero.address());
        if (n < 0) {
            throw Errors.exception(abi.posix, sys.errno(), "kevent (flushing " + pending + " changes)");
        }
        pending = 0;
        ByteBuffer r = receipts.buffer();
        for (int i = 0; i < n; i++) {
            long err = Kevent.data(r, abi, i);
            if ((Kevent.flags(r, abi, i) & Kevent.EV_ERROR) != 0 && err != 0) {
                if (failedCount * 2 == failed.length) {
                    failed = java.util.Arrays.copyOf(failed, failed.length * 2);
                }
                failed[failedCount * 2] = (int) Kevent.ident(r, abi, i);
                failed[failedCount * 2 + 1] = (int) err;
                failedCount++;
            }
        }
    }

    /** @return how many registrations failed in flushes since {@link #clearFailed} */
    int failedCount() {
        return failedCount;
    }

    int failedFd(int i) {
        return failed[i * 2];
    }

    int failedErrno(int i) {
        return failed[i * 2 + 1];
    }

    void clearFailed() {
        failedCount = 0;
    }

    /**
     * kevent with the queued changes, waiting for up to {@code timeoutNanos}, retried on EINTR (after which every
     * change has been applied: kevent(2), ERRORS) until the deadline.
     *
     * @param timeoutNanos as {@link io.polyloop.spi.IoDriver#poll}: negative forever, 0 do not block
     * @return the number of events, read with {@link #ident}, {@link #filter}, {@link #flags}, {@link #data}
     */
    int poll(long timeoutNanos) throws IOException {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        for (;;) {
            long ts = 0;
            if (timeoutNanos >= 0) {
                long left = timeoutNanos == 0 ? 0 : Math.max(0, deadline - System.nanoTime());
                timespec.buffer().putLong(0, left / 1_000_000_000L);
                timespec.buffer().putLong(8, left % 1_000_000_000L);
                ts = timespec.address();
            }
            int n = sys.kevent(kq, changes.address(), pending, events.address(), capacity, ts);
            if (n >= 0) {
                pending = 0;
                return n;
            }
            int e = sys.errno();
            if (e != abi.posix.EINTR) {
                throw Errors.exception(abi.posix, e, "kevent");
            }
            pending = 0;
            if (timeoutNanos > 0 && System.nanoTime() - deadline >= 0) {
                return 0;
            }
        }
    }

    long ident(int i) {
        return Kevent.ident(events.buffer(), abi, i);
    }

    short filter(int i) {
        return Kevent.filter(events.buffer(), abi, i);
    }

    int flags(int i) {
        return Kevent.flags(events.buffer(), abi, i);
    }

    long data(int i) {
        return Kevent.data(events.buffer(), abi, i);
    }

    void close() {
        sys.close(kq);
        changes.free();
        events.free();
        receipts.free();
        timespec.free();
        zero.free();
        deletes.free();
    }
}
