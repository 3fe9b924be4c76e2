package io.polyloop.iouring;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.Errno;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.polyloop.iouring.IoUring.*;

/**
 * One io_uring instance: the ring fd, the mapped SQ/CQ rings and SQE array, and io_uring_enter. SQEs pile up during
 * a loop turn and reach the kernel in one {@link #enter} that also waits; {@link #sqe} flushes a full SQ first.
 * {@link #close} unmaps and closes (the caller makes sure no request is in flight). Not thread safe: the loop thread
 * only (a ring opened with SINGLE_ISSUER refuses submissions from any other task anyway).
 */
final class Ring {
    final int fd;
    final int features;
    final int setupFlags;
    final SubmissionQueue sq;
    final CompletionQueue cq;
    private final Mapping sqRing;
    private final Mapping cqRing; // the same as sqRing with IORING_FEAT_SINGLE_MMAP
    private final Mapping sqeArray;
    /** io_uring_getevents_arg (24 bytes) then a __kernel_timespec (16 bytes), for waits with a timeout. */
    private final NativeMemory waitArg = NativeMemory.allocate(GETEVENTS_ARG_SIZE + TIMESPEC_SIZE);
    private boolean closed;

    private Ring(int fd, int features, int setupFlags, Mapping sqRing, Mapping cqRing, Mapping sqeArray,
                 ByteBuffer params) {
        this.fd = fd;
        this.features = features;
        this.setupFlags = setupFlags;
        this.sqRing = sqRing;
        this.cqRing = cqRing;
        this.sqeArray = sqeArray;
        ByteBuffer s = sqRing.buffer();
        int so = PARAMS_SQ_OFF;
        this.sq = new SubmissionQueue(s, sqeArray.buffer(), params.getInt(so + SQ_OFF_HEAD),
                params.getInt(so + SQ_OFF_TAIL), params.getInt(so + SQ_OFF_FLAGS),
                params.getInt(so + SQ_OFF_RING_MASK), params.getInt(so + SQ_OFF_RING_ENTRIES),
                params.getInt(so + SQ_OFF_ARRAY));
        int co = PARAMS_CQ_OFF;
        this.cq = new CompletionQueue(cqRing.buffer(), params.getInt(co + CQ_OFF_HEAD), params.getInt(co + CQ_OFF_TAIL),
                params.getInt(co + CQ_OFF_RING_MASK), params.getInt(co + CQ_OFF_RING_ENTRIES),
                params.getInt(co + CQ_OFF_OVERFLOW), params.getInt(co + CQ_OFF_CQES));
        long ts = waitArg.address() + GETEVENTS_ARG_SIZE;
        waitArg.buffer().putLong(GETEVENTS_ARG_TS, ts);
    }

    /**
     * @param entries   SQ size, a power of two up to 32768
     * @param cqEntries CQ size (IORING_SETUP_CQSIZE), at least {@code entries}
     * @param flags     further IORING_SETUP_* flags
     * @throws IOException naming the errno if the kernel refuses
     */
    static Ring open(int entries, int cqEntries, int flags) throws IOException {
        NativeMemory params = NativeMemory.allocate(PARAMS_SIZE);
        int fd = -1;
        Mapping sqRing = null;
        Mapping cqRing = null;
        try {
            ByteBuffer p = params.buffer();
            p.putInt(PARAMS_FLAGS, flags | SETUP_CQSIZE);
            p.putInt(PARAMS_CQ_ENTRIES, cqEntries);
            fd = Sys.setup(entries, params.address());
            if (fd < 0) {
                throw Errors.exception(-fd, "io_uring_setup(" + entries + ", cq " + cqEntries + ", flags 0x"
                        + Integer.toHexString(flags) + ")");
            }
            int features = p.getInt(PARAMS_FEATURES);
            int sqSize = p.getInt(PARAMS_SQ_OFF + SQ_OFF_ARRAY) + p.getInt(PARAMS_SQ_ENTRIES) * 4;
            int cqSize = p.getInt(PARAMS_CQ_OFF + CQ_OFF_CQES) + p.getInt(PARAMS_CQ_ENTRIES) * CQE_SIZE;
            if ((features & FEAT_SINGLE_MMAP) != 0) {
                sqRing = Mapping.ring(fd, Math.max(sqSize, cqSize), OFF_SQ_RING);
                cqRing = sqRing;
            } else {
                sqRing = Mapping.ring(fd, sqSize, OFF_SQ_RING);
                cqRing = Mapping.ring(fd, cqSize, OFF_CQ_RING);
            }
            Mapping sqes = Mapping.ring(fd, (long) p.getInt(PARAMS_SQ_ENTRIES) * SQE_SIZE, OFF_SQES);
            return new Ring(fd, features, flags, sqRing, cqRing, sqes, p);
        } catch (IOException | RuntimeException e) {
            if (cqRing != null && cqRing != sqRing) {
                cqRing.unmap();
            }
            if (sqRing != null) {
                sqRing.unmap();
            }
            if (fd >= 0) {
                LibC.close(fd);
            }
            throw e;
        } finally {
            params.free();
        }
    }

    /**
     * @return the byte offset in {@link SubmissionQueue#sqes()} of a zeroed SQE; a full SQ is flushed to the kernel
     *         first (without waiting), so this fails only if the kernel refuses the flush
     */
    int sqe() throws IOException {
        int off = sq.next();
        while (off < 0) {
            int r = submit();
            if (r < 0 && r != -Errno.EINTR && r != -Errno.EAGAIN && r != -EBUSY) {
                throw Errors.exception(-r, "io_uring_enter (flushing a full SQ)");
            }
            off = sq.next();
        }
        return off;
    }

    /** Publishes and submits what is queued, without waiting. @return SQEs consumed or -errno */
    int submit() {
        sq.publish();
        int n = sq.unsubmitted();
        return n == 0 ? 0 : Sys.enter(fd, n, 0, 0, 0, 0);
    }

    /**
     * Submits what is queued and, in the same syscall, reaps (and, with DEFER_TASKRUN, runs the task work that posts)
     * completions.
     *
     * @param timeoutNanos 0: do not block; negative: block until at least one completion; else block at most that
     * @return SQEs consumed or -errno (-ETIME when the timeout expired, -EINTR on a signal: both harmless)
     */
    int enter(long timeoutNanos) {
        sq.publish();
        int n = sq.unsubmitted();
        if (timeoutNanos == 0) {
            return Sys.enter(fd, n, 0, ENTER_GETEVENTS, 0, 0);
        }
        if (timeoutNanos < 0) {
            return Sys.enter(fd, n, 1, ENTER_GETEVENTS, 0, 0);
        }
        ByteBuffer a = waitArg.buffer();
        a.putLong(GETEVENTS_ARG_SIZE, timeoutNanos / 1_000_000_000L);
        a.putLong(GETEVENTS_ARG_SIZE + 8, timeoutNanos % 1_000_000_000L);
        return Sys.enter(fd, n, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, waitArg.address(), GETEVENTS_ARG_SIZE);
    }

    /** Whether the kernel holds CQEs in its overflow list (the CQ was full): an enter with GETEVENTS flushes them. */
    boolean cqOverflowed() {
        return (sq.flags() & SQ_CQ_OVERFLOW) != 0;
    }

    /** Whether completions are only posted inside io_uring_enter (IORING_SETUP_DEFER_TASKRUN). */
    boolean defersTaskrun() {
        return (setupFlags & SETUP_DEFER_TASKRUN) != 0;
    }

    int register(int opcode, long arg, int nrArgs) {
        return Sys.register(fd, opcode, arg, nrArgs);
    }

    /** Unmaps the rings and closes the fd. The caller has reaped every request's completion. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        sqeArray.unmap();
        if (cqRing != sqRing) {
            cqRing.unmap();
        }
        sqRing.unmap();
        LibC.close(fd);
        waitArg.free();
    }

    boolean isClosed() {
        return closed;
    }
}
