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
 * <p>No call is {@link Linker.Option#critical critical}: that saves the thread-state transition (~5 ns a call here)
 * but holds off safepoints for the whole syscall, and in the epoll echo it made no measurable difference (loop-thread
 * CPU per message 373 vs 376 ns, 8 interleaved rounds, see the session 8 note). Thread safe.
 */
final class FfmHotCalls extends HotCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO = STATE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");
    /** This thread's capture segment: a ThreadLocal of JDK objects only, so it pins no bundle class loader. */
    private static final ThreadLocal<MemorySegment> CAPTURED = new ThreadLocal<>();

    private static final FunctionDescriptor BUF_CALL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG,
            JAVA_INT);
    private static final FunctionDescriptor MSG_CALL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);

    private static final MethodHandle RECV = handle("recv", BUF_CALL);
    private static final MethodHandle SEND = handle("send", BUF_CALL);
    private static final MethodHandle SENDMSG = handle("sendmsg", MSG_CALL);
    private static final MethodHandle RECVMSG = handle("recvmsg", MSG_CALL);
    private static final FunctionDescriptor RECVFROM_CALL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG,
            JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle RECVFROM = handle("recvfrom", RECVFROM_CALL);
    private static final FunctionDescriptor SENDTO_CALL = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG,
            JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SENDTO = handle("sendto", SENDTO_CALL);
    /** eventfd_t is uint64_t. */
    private static final MethodHandle EVENTFD_WRITE = linuxHandle("eventfd_write",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle EVENTFD_READ = linuxHandle("eventfd_read",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final FunctionDescriptor EPOLL_WAIT_CALL = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG,
            JAVA_INT, JAVA_INT);
    private static final MethodHandle EPOLL_WAIT = linuxHandle("epoll_wait", EPOLL_WAIT_CALL);
    /** syscall(long number, ...): variadic after the number; six long arguments. */
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(find("syscall"),
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
                    JAVA_LONG), CAPTURE, Linker.Option.firstVariadicArg(1));

    private FfmHotCalls() {
    }

    /** Called reflectively by {@link Ffm}; linking happens here, in the static initialiser. */
    static HotCalls create() {
        return new FfmHotCalls();
    }

    @Override
    long recv(int fd, long buf, long len, int flags) {
        MemorySegment s = state();
        try {
            return failed((long) RECV.invokeExact(s, fd, buf, len, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long send(int fd, long buf, long len, int flags) {
        MemorySegment s = state();
        try {
            return failed((long) SEND.invokeExact(s, fd, buf, len, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long sendmsg(int fd, long msghdr, int flags) {
        MemorySegment s = state();
        try {
            return failed((long) SENDMSG.invokeExact(s, fd, msghdr, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long recvmsg(int fd, long msghdr, int flags) {
        MemorySegment s = state();
        try {
            return failed((long) RECVMSG.invokeExact(s, fd, msghdr, flags), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long recvfrom(int fd, long buf, long len, int flags, long addr, long addrLenPtr) {
        MemorySegment s = state();
        try {
            return failed((long) RECVFROM.invokeExact(s, fd, buf, len, flags, addr, addrLenPtr), s);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    long sendto(int fd, long buf, long len, int flags, long addr, int addrLen) {
        MemorySegment s = state();
        try {
            return failed((long) SENDTO.invokeExact(s, fd, buf, len, flags, addr, addrLen), s);
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
            return (int) failed((int) EPOLL_WAIT.invokeExact(s, epfd, events, maxEvents, timeoutMillis), s);
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

    private static MethodHandle handle(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(find(name), fd, CAPTURE);
    }

    /** A function only Linux has: null elsewhere, so that the portable calls still go through FFM on macOS/BSD. */
    private static MethodHandle linuxHandle(String name, FunctionDescriptor fd) {
        return LIBC.find(name).isPresent() ? handle(name, fd) : null;
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
