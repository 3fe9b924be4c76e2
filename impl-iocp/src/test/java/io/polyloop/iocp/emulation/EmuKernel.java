package io.polyloop.iocp.emulation;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

import static io.polyloop.iocp.WinConstants.*;

/**
 * The emulated kernel's object table: handles (ports, files, sockets), the one lock that guards them, the per-thread
 * last error, the writing of a finished call's OVERLAPPED and packet, and the NTSTATUS to Win32/Winsock error mapping.
 * The completion rules it applies:
 * <ul>
 *   <li>OVERLAPPED page: Internal holds STATUS_PENDING while a call is in flight, then its NTSTATUS (only the low 32
 *   bits: IO_STATUS_BLOCK.Status; the emulation puts garbage in the high half); InternalHigh the bytes transferred.</li>
 *   <li>SetFileCompletionNotificationModes page: with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS a call that succeeds at
 *   once queues no packet; without it, it queues one all the same. A call that fails at once never queues one.</li>
 * </ul>
 * Thread safe: the table is guarded by {@link #lock}, the counters are atomic, the last error is per thread.
 */
final class EmuKernel {
    private static final long STATUS_HIGH_GARBAGE = 0x5A5A_5A5AL << 32;

    final EmulatedWin32.Config config;
    final Object lock = new Object();
    final EmuReactor reactor = new EmuReactor(lock);
    private final Map<Long, Object> objects = new HashMap<>();
    private final ThreadLocal<int[]> lastError = ThreadLocal.withInitial(() -> new int[1]);
    private long nextHandle = 0x100;
    final AtomicLong packets = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();

    EmuKernel(EmulatedWin32.Config config) {
        this.config = config;
    }

    int lastError() {
        return lastError.get()[0];
    }

    /** Sets the last error; @return 0 (FALSE, or a null handle). */
    int fail(int error) {
        lastError.get()[0] = error;
        return 0;
    }

    /** Sets the last error; @return INVALID_HANDLE_VALUE. */
    long failHandle(int error) {
        fail(error);
        return INVALID_HANDLE_VALUE;
    }

    /** Sets the last error (WSAGetLastError); @return SOCKET_ERROR. */
    int socketError(int error) {
        lastError.get()[0] = error;
        return SOCKET_ERROR;
    }

    /** Under the lock: makes an object for the next handle value and enters it in the table. */
    long newHandle(LongFunction<Object> make) {
        long h = nextHandle;
        nextHandle += 4; // handles and sockets are multiples of 4 on Windows
        objects.put(h, make.apply(h));
        return h;
    }

    /** Under the lock: the object of a handle, or null. */
    Object object(long handle) {
        return objects.get(handle);
    }

    /** Under the lock: removes a handle from the table; @return its object, or null. */
    Object remove(long handle) {
        return objects.remove(handle);
    }

    /** Under the lock: the socket of a handle, or null when it is none. */
    EmuSocket socket(long s) {
        Object o = objects.get(s);
        return o instanceof EmuSocket ? (EmuSocket) o : null;
    }

    /** Under the lock: a call finished; writes the OVERLAPPED and queues the packet the rules above ask for. */
    void complete(EmuObject target, EmuOp op, int status, int bytes, boolean atOnce) {
        Mem.putLong(op.overlapped, STATUS_HIGH_GARBAGE | status & 0xFFFFFFFFL);
        Mem.putLong(op.overlapped + 8, bytes & 0xFFFFFFFFL);
        if (atOnce && target.skipOnSuccess) {
            skipped.incrementAndGet();
            return;
        }
        if (target.port != null && target.port.post(target.key, op.overlapped, bytes)) {
            packets.incrementAndGet();
        }
    }

    /** The Winsock error WSAGetOverlappedResult reports for an NTSTATUS. */
    static int wsaError(int status) {
        switch (status) {
            case STATUS_CANCELLED: return WSA_OPERATION_ABORTED;
            case STATUS_CONNECTION_RESET:
            case STATUS_REMOTE_DISCONNECT:
            case STATUS_LOCAL_DISCONNECT:
            case STATUS_PORT_UNREACHABLE: return WSAECONNRESET;
            case STATUS_CONNECTION_REFUSED: return WSAECONNREFUSED;
            case STATUS_CONNECTION_ABORTED: return WSAECONNABORTED;
            case STATUS_BUFFER_OVERFLOW: return WSAEMSGSIZE;
            case STATUS_INVALID_HANDLE: return WSAENOTSOCK;
            default: return WSAEINVAL;
        }
    }

    /** The Win32 error GetOverlappedResult reports for an NTSTATUS. */
    static int win32Error(int status) {
        switch (status) {
            case STATUS_CANCELLED: return ERROR_OPERATION_ABORTED;
            case STATUS_END_OF_FILE: return ERROR_HANDLE_EOF;
            case STATUS_INVALID_HANDLE: return ERROR_INVALID_HANDLE;
            default: return ERROR_INVALID_PARAMETER;
        }
    }

    /** The Winsock error of a failed Linux bind/listen/connect. */
    static int wsaError(IOException e) {
        if (e instanceof java.net.BindException) {
            return e.getMessage() != null && e.getMessage().contains("assign") ? WSAEADDRNOTAVAIL : WSAEADDRINUSE;
        }
        return WSAEINVAL;
    }
}
