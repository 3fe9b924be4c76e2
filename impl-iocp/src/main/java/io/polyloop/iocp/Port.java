package io.polyloop.iocp;

import io.polyloop.posix.NativeMemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The completion port of one driver: harvests packets in batches with GetQueuedCompletionStatusEx into an
 * OVERLAPPED_ENTRY array, and is woken with PostQueuedCompletionStatus. Wake-ups coalesce: a flag set by the first
 * {@link #wakeup()} lets one packet in until the loop has taken it. Thread safe for {@link #wakeup()}; the rest
 * belongs to the loop thread.
 */
final class Port {
    /** Completion keys: what a packet is about. */
    static final long KEY_IO = 1;
    static final long KEY_WAKEUP = 2;
    /** An FSYNC done on the blocking pool: dwNumberOfBytesTransferred carries its Win32 error. */
    static final long KEY_BLOCKING = 3;

    private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final Win32 win;
    final long handle;
    private final int capacity;
    private final NativeMemory entries;
    private final ByteBuffer view;
    private final NativeMemory removed;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile boolean closed;

    private Port(Win32 win, long handle, int capacity) {
        this.win = win;
        this.handle = handle;
        this.capacity = capacity;
        this.entries = NativeMemory.allocate(capacity * Layouts.ENTRY_SIZE);
        this.view = entries.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.removed = NativeMemory.allocate(8);
    }

    /** @param capacity packets harvested per wait: the ring size */
    static Port open(Win32 win, int capacity) throws IOException {
        long h = win.CreateIoCompletionPort(WinConstants.INVALID_HANDLE_VALUE, 0, 0, 1);
        if (h == 0) {
            throw WinErrors.exception(win.lastError(), "CreateIoCompletionPort");
        }
        return new Port(win, h, capacity);
    }

    /** @return 0, or the Win32 error that kept {@code os} from joining this port */
    int associate(long os) {
        return win.CreateIoCompletionPort(os, handle, KEY_IO, 0) == handle ? 0 : win.lastError();
    }

    /**
     * Waits for packets.
     *
     * @param timeoutNanos negative: without limit; 0: do not block
     * @return the number of entries harvested (0 on timeout)
     */
    int await(long timeoutNanos) throws IOException {
        int millis = timeoutNanos < 0 ? WinConstants.INFINITE
                : (int) Math.min((timeoutNanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI, Integer.MAX_VALUE - 1);
        if (win.GetQueuedCompletionStatusEx(handle, entries.address(), capacity, removed.address(), millis, 0) == 0) {
            int e = win.lastError();
            if (e == WinConstants.WAIT_TIMEOUT) {
                return 0;
            }
            throw WinErrors.exception(e, "GetQueuedCompletionStatusEx");
        }
        return removed.buffer().duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    long key(int i) {
        return view.getLong(i * Layouts.ENTRY_SIZE + Layouts.ENTRY_KEY);
    }

    long overlapped(int i) {
        return view.getLong(i * Layouts.ENTRY_SIZE + Layouts.ENTRY_OVERLAPPED);
    }

    int bytes(int i) {
        return view.getInt(i * Layouts.ENTRY_SIZE + Layouts.ENTRY_BYTES);
    }

    /** Loop thread: a wake-up packet was taken; the next {@link #wakeup()} posts again. */
    void wakeTaken() {
        wakePending.set(false);
    }

    /** Any thread: one packet until the loop takes it, however many callers. */
    void wakeup() {
        if (!closed && !wakePending.get() && wakePending.compareAndSet(false, true)) {
            win.PostQueuedCompletionStatus(handle, 0, KEY_WAKEUP, 0);
        }
    }

    /** Any thread (the blocking pool): posts the outcome of an operation the kernel cannot do asynchronously. */
    void postBlocking(long overlapped, int winError) {
        win.PostQueuedCompletionStatus(handle, winError, KEY_BLOCKING, overlapped);
    }

    void close() {
        closed = true;
        win.CloseHandle(handle);
        entries.free();
        removed.free();
    }
}
