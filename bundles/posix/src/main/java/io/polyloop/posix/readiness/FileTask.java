package io.polyloop.posix.readiness;

import io.polyloop.posix.PosixPlatform;
import io.polyloop.posix.PosixSyscalls;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoRequest;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One regular-file operation (pread, pwrite or write, fsync, fdatasync or F_FULLFSYNC) run on the {@link
 * BlockingPool}. The loop copies what the syscall needs out of the {@link IoRequest} when it dispatches (the request
 * is not thread safe and stays on the loop); the worker only sets {@link #result} and hands the task back through
 * its {@link FileOps}.
 *
 * <p>Life cycle: QUEUED → RUNNING → DONE on the worker, or QUEUED → CANCELLED by the loop (the worker then skips
 * it). One allocation per file operation: files are not the hot path of a readiness backend.
 */
public final class FileTask implements Runnable {
    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int CANCELLED = 2;
    static final int DONE = 3;

    public final ReadinessState state;
    public final IoRequest request;
    private final FileOps files;
    private final AtomicInteger phase = new AtomicInteger(QUEUED);
    private final IoRequest.Op op;
    private final int fd;
    private final long address;
    private final long length;
    private final long position;
    private final boolean dataOnly;
    private final boolean append;
    private final PosixSyscalls sys;
    private final PosixPlatform p;
    private volatile int result;

    FileTask(FileOps files, ReadinessState state, IoRequest request, long address, long length) {
        this.files = files;
        this.state = state;
        this.request = request;
        this.op = request.op();
        this.fd = state.fd;
        this.address = address;
        this.length = length;
        this.position = request.position();
        this.dataOnly = request.dataOnly();
        this.append = state.append;
        this.sys = files.sys;
        this.p = files.p;
    }

    @Override
    public void run() {
        if (!phase.compareAndSet(QUEUED, RUNNING)) {
            return; // cancelled while queued: the loop already completed the request
        }
        int r;
        try {
            r = perform();
        } catch (Throwable t) {
            r = -Errno.EIO;
        }
        result = r;
        synchronized (this) {
            phase.set(DONE);
            notifyAll();
        }
        files.returned(this);
    }

    private int perform() {
        long n;
        do {
            switch (op) {
                case READ:
                    n = sys.pread(fd, address, length, position);
                    break;
                case WRITE:
                    // APPEND: write(2) on an O_APPEND descriptor appends atomically (POSIX write(2): the offset is
                    // set to the end of file before each write); pwrite's treatment of O_APPEND is left open by
                    // POSIX and differs between systems. Linux's pwrite ignores the position on an O_APPEND fd and
                    // appends, atomically (pwrite(2), BUGS), so epoll leaves append false and pwrite serves both.
                    n = append ? sys.write(fd, address, length) : sys.pwrite(fd, address, length, position);
                    break;
                case FSYNC:
                    n = sync();
                    break;
                default:
                    return -Errno.EINVAL;
            }
        } while (n < 0 && sys.errno() == p.EINTR);
        return n < 0 ? -p.canonical(sys.errno()) : (int) n;
    }

    /**
     * macOS: fsync(2) does not reach stable storage ("the disk drive may ... write the data out of order", fsync(2)
     * on macOS); F_FULLFSYNC does, and is what is asked for, data only or not (macOS declares no fdatasync). A file
     * system without F_FULLFSYNC gets fsync, as SQLite does. Linux and FreeBSD: fdatasync/fsync.
     */
    private int sync() {
        if (p.F_FULLFSYNC != 0) {
            int r = sys.fcntl(fd, p.F_FULLFSYNC, 0);
            return r >= 0 ? 0 : sys.fsync(fd);
        }
        return dataOnly && p.HAS_FDATASYNC ? sys.fdatasync(fd) : sys.fsync(fd);
    }

    /** Loop: stops the task if no worker took it yet. */
    boolean cancelIfQueued() {
        return phase.compareAndSet(QUEUED, CANCELLED);
    }

    /** Loop: waits until a running task is done (detach and close may not lose or outlive it). */
    void awaitDone() {
        boolean interrupted = false;
        synchronized (this) {
            while (phase.get() == RUNNING) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    int result() {
        return result;
    }
}
