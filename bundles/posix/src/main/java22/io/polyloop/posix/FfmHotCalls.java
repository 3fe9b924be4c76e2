package io.polyloop.posix;

import com.sun.jna.Native;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link HotCalls} through FFM downcalls (Java 22+; this file is compiled apart with {@code --release 22} and loaded
 * only by {@link Ffm}). Pointers are passed as {@code long} (LP64: the same register class as a pointer), so nothing
 * is wrapped or allocated per call.
 *
 * <p>errno: every handle captures it into a per-thread segment (allocated once per thread); after a failure it is
 * handed to JNA's per-thread slot ({@link Native#setLastError}, one JNI call on the failure path only), which is what
 * {@link Errors#lastErrno()} reads. So a JNA call after an FFM one, or the other way round, each leave their own errno.
 *
 * <p>Critical calls ({@link Linker.Option#critical}: no thread-state transition, but no safepoint either while in
 * the call) only where the call cannot block: socket calls whose flags carry MSG_DONTWAIT and epoll_wait with a zero
 * timeout. Everything else, waits above all, is a plain downcall. Thread safe.
 */
final class FfmHotCalls extends HotCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO = STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);
    /** This thread's capture segment: a ThreadLocal of JDK objects only, so it pins no bundle class loader. */
    private static final ThreadLocal<MemorySegment> CAPTURED = new ThreadLocal<>();

    private static final FunctionDescriptor BUF_CALL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG,
            JAVA_INT);
    private static final FunctionDescriptor MSG_CALL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);

    private static final MethodHandle RECV = handle("recv", BUF_CALL, false);
    private static final MethodHandle RECV_NOWAIT = handle("recv", BUF_CALL, true);
    private static final MethodHandle SEND = handle("send", BUF_CALL, false);
    private static final MethodHandle SEND_NOWAIT = handle("send", BUF_CALL, true);
    private static final MethodHandle SENDMSG = handle("sendmsg", MSG_CALL, false);
    private static final MethodHandle SENDMSG_NOWAIT = handle("sendmsg", MSG_CALL, true);
    private static final MethodHandle RECVMSG = handle("recvmsg", MSG_CALL, false);
    private static final MethodHandle RECVMSG_NOWAIT = handle("recvmsg", MSG_CALL, true);
    private static final FunctionDescriptor RECVFROM_CALL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG,
            JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle RECVFROM = handle("recvfrom", RECVFROM_CALL, false);
    private static final MethodHandle RECVFROM_NOWAIT = handle("recvfrom", RECVFROM_CALL, true);
    private static final FunctionDescriptor SENDTO_CALL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG,
            JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SENDTO = handle("sendto", SENDTO_CALL, false);
    private static final MethodHandle SENDTO_NOWAIT = handle("sendto", SENDTO_CALL, true);
    /** eventfd_t is uint64_t; the wake-up's eventfd is non-blocking, but LibC.eventfd_* take any eventfd: not critical. */
    private static final MethodHandle EVENTFD_WRITE = linuxHandle("eventfd_write",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), false);
    private static final MethodHandle EVENTFD_READ = linuxHandle("eventfd_read",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), false);
    private static final FunctionDescriptor EPOLL_WAIT_CALL = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG,
            JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_WAIT = linuxHandle("epoll_wait", EPOLL_WAIT_CALL, false);
    private static final MethodHandle EPOLL_POLL = linuxHandle("epoll_wait", EPOLL_WAIT_CALL, true);
    /** syscall(long number, ...): variadic after the number; six long arguments. io_uring_enter may wait: not critical. */
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(find("syscall"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                    JAVA_LONG), CAPTURE, Linker.Option.firstVariadicArg(1));

    /** MSG_DONTWAIT on this OS, or 0 where unknown (then no socket call is critical). */
    private final int dontWait;

    private FfmHotCalls(int dontWait) {
        this.dontWait = dontWait;
    }

    /**
     * Called reflectively by {@link Ffm}, which has checked that this module may call restricted methods.
     *
     * @param dontWait MSG_DONTWAIT of this OS, 0 if unknown
     */
    static HotCalls create(int dontWait) {
        return new FfmHotCalls(dontWait);
    }

    @Override
    long recv(int fd, long buf, long len, int flags) {
        MemorySegment s = state();
        try {
            return failed((flags & dontWait) != 0 ? (long) RECV_NOWAIT.invokeExact(s, fd, buf, len, flags)
                    : (long) RECV.invokeExact(s, fd, buf, len, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long send(int fd, long buf, long len, int flags) {
        MemorySegment s = state();
        try {
            return failed((flags & dontWait) != 0 ? (long) SEND_NOWAIT.invokeExact(s, fd, buf, len, flags)
                    : (long) SEND.invokeExact(s, fd, buf, len, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long sendmsg(int fd, long msghdr, int flags) {
        MemorySegment s = state();
        try {
            return failed((flags & dontWait) != 0 ? (long) SENDMSG_NOWAIT.invokeExact(s, fd, msghdr, flags)
                    : (long) SENDMSG.invokeExact(s, fd, msghdr, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long recvmsg(int fd, long msghdr, int flags) {
        MemorySegment s = state();
        try {
            return failed((flags & dontWait) != 0 ? (long) RECVMSG_NOWAIT.invokeExact(s, fd, msghdr, flags)
                    : (long) RECVMSG.invokeExact(s, fd, msghdr, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr) {
        MemorySegment s = state();
        try {
            return failed((flags & dontWait) != 0
                    ? (long) RECVFROM_NOWAIT.invokeExact(s, fd, buf, len, flags, addr, addrLenPtr)
                    : (long) RECVFROM.invokeExact(s, fd, buf, len, flags, addr, addrLenPtr), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long sendto(int fd, long buf, long len, int flags, long addr, int addrLen) {
        MemorySegment s = state();
        try {
            return failed((flags & dontWait) != 0
                    ? (long) SENDTO_NOWAIT.invokeExact(s, fd, buf, len, flags, addr, addrLen)
                    : (long) SENDTO.invokeExact(s, fd, buf, len, flags, addr, addrLen), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    int eventfdWrite(int fd, long value) {
        require(EVENTFD_WRITE, "eventfd_write");
        MemorySegment s = state();
        try {
            return (int) failed((int) EVENTFD_WRITE.invokeExact(s, fd, value), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    int eventfdRead(int fd, long valuePtr) {
        require(EVENTFD_READ, "eventfd_read");
        MemorySegment s = state();
        try {
            return (int) failed((int) EVENTFD_READ.invokeExact(s, fd, valuePtr), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        require(EPOLL_WAIT, "epoll_wait");
        MemorySegment s = state();
        try {
            return (int) failed(timeoutMillis == 0 ? (int) EPOLL_POLL.invokeExact(s, epfd, events, maxEvents, 0)
                    : (int) EPOLL_WAIT.invokeExact(s, epfd, events, maxEvents, timeoutMillis), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long syscall(long number, long a, long b, long c, long d, long e, long f) {
        MemorySegment s = state();
        try {
            return failed((long) SYSCALL.invokeExact(s, number, a, b, c, d, e, f), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** On failure (a negative result), hands the captured errno to the slot {@link Errors#lastErrno()} reads. */
    private static long failed(long r, MemorySegment s) {
        if (r < 0) {
            Native.setLastError(s.get(JAVA_INT, ERRNO));
        }
        return r;
    }

    private static MemorySegment state() {
        MemorySegment s = CAPTURED.get();
        return s != null ? s : newState();
    }

    private static MemorySegment newState() {
        // freed by the GC with the thread's ThreadLocal entry; one per thread that makes a hot call
        MemorySegment s = Arena.ofAuto().allocate(STATE);
        CAPTURED.set(s);
        return s;
    }

    private static MethodHandle handle(String name, FunctionDescriptor fd, boolean critical) {
        return critical ? LINKER.downcallHandle(find(name), fd, CAPTURE, CRITICAL)
                : LINKER.downcallHandle(find(name), fd, CAPTURE);
    }

    /** A function only Linux has: null elsewhere, so that the portable calls still go through FFM on macOS/BSD. */
    private static MethodHandle linuxHandle(String name, FunctionDescriptor fd, boolean critical) {
        return LIBC.find(name).isPresent() ? handle(name, fd, critical) : null;
    }

    private static void require(MethodHandle h, String name) {
        if (h == null) {
            throw new UnsatisfiedLinkError("libc has no " + name);
        }
    }

    private static MemorySegment find(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
