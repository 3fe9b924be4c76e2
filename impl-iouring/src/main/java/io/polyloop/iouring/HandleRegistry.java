package io.polyloop.iouring;

import io.polyloop.posix.Errors;
import io.polyloop.posix.LibC;
import io.polyloop.posix.LinuxConstants;
import io.polyloop.posix.NativeMemory;
import io.polyloop.spi.Errno;
import io.polyloop.spi.IoHandle;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The handles one driver holds: a {@link HandleState} in each handle and a {@link HandleTable} entry by fd. Socket
 * scratch blocks come from a bounded pool, so a connection costs no malloc once the pool is warm, and only a socket
 * whose operations need one gets one (an accepted stream that only receives and sends never does). Handles join on
 * open, accept and adopt, and leave on close and detach, each time with nothing of theirs in the kernel. Not thread
 * safe: loop thread only.
 */
final class HandleRegistry {
    private static final int POOL_MAX = 256;

    private final IoUringDriver owner;
    private final HandleTable table = new HandleTable();
    private final ArrayDeque<NativeMemory> pool = new ArrayDeque<>();

    HandleRegistry(IoUringDriver owner) {
        this.owner = owner;
    }

    /** @return the state of a handle this driver holds, or null (detached, closed, or another driver's) */
    HandleState stateOf(IoHandle h) {
        Object s = h.driverState();
        return s instanceof HandleState && ((HandleState) s).owner == owner ? (HandleState) s : null;
    }

    HandleState byFd(int fd) {
        return table.get(fd);
    }

    /** @throws IOException EBADF if the socket is not open here, EINVAL if it is a file */
    int socketFd(IoHandle h) throws IOException {
        HandleState st = stateOf(h);
        if (st == null || h.isClosed()) {
            throw Errors.exception(LinuxConstants.EBADF, h + " is not open in this driver");
        }
        if (st.isFile()) {
            throw Errors.exception(Errno.EINVAL, h + " is not a socket");
        }
        return st.fd;
    }

    HandleState attach(IoHandle h) {
        HandleState st = new HandleState(owner, h);
        table.put(st);
        h.driverState(st);
        return st;
    }

    /** Leaves the table; the fd stays open. Nothing of the handle may be in the kernel. */
    void forget(HandleState st) {
        assert !st.anythingInKernel() : st.handle + " still has an operation in the kernel";
        table.remove(st);
        st.handle.driverState(null);
        if (st.scratch != null) {
            if (pool.size() < POOL_MAX) {
                pool.push(st.scratch);
            } else {
                st.scratch.free();
            }
            st.scratch = null;
        }
    }

    /** @return close(2)'s result as an SPI code: 0 or -errno */
    int closeFd(HandleState st) {
        forget(st); // before close(2): the number may be reused at once
        st.handle.markClosed();
        // Linux frees the descriptor even when close(2) reports EINTR: never retry
        int r = LibC.close(st.fd);
        int e = r < 0 ? Errors.lastErrno() : 0;
        return r == 0 || e == LinuxConstants.EINTR ? 0 : -Errors.canonical(e);
    }

    /** Scratch for a socket's first operation that needs one ({@link Ops#start}); back to the pool in forget. */
    NativeMemory scratch() {
        NativeMemory m = pool.poll();
        return m != null ? m : NativeMemory.allocate(HandleState.SCRATCH_SIZE);
    }

    List<HandleState> snapshot() {
        return table.snapshot();
    }

    int size() {
        return table.size();
    }

    /** Frees the pooled scratch (the driver is closed). */
    void freePool() {
        NativeMemory m;
        while ((m = pool.poll()) != null) {
            m.free();
        }
    }
}
