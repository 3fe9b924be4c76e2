package io.polyloop.iocp.emulation;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An emulated completion port: a FIFO of packets. GetQueuedCompletionStatusEx takes up to the caller's count at once
 * and writes them as OVERLAPPED_ENTRY records into the caller's memory (GetQueuedCompletionStatusEx page). Thread safe.
 */
final class EmuPort {
    record Packet(long key, long overlapped, int bytes) {
    }

    final long handle;
    private final LinkedBlockingQueue<Packet> packets = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    EmuPort(long handle) {
        this.handle = handle;
    }

    boolean post(long key, long overlapped, int bytes) {
        if (closed) {
            return false;
        }
        packets.add(new Packet(key, overlapped, bytes));
        return true;
    }

    /** @param millis -1 to wait without limit; @return the number of entries written, 0 on timeout */
    int take(long entries, int count, int millis) throws InterruptedException {
        Packet first = millis == -1 ? packets.take() : packets.poll(millis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        int n = 0;
        for (Packet p = first; p != null; p = n < count ? packets.poll() : null) {
            long e = entries + 32L * n;
            Mem.putLong(e, p.key);            // lpCompletionKey
            Mem.putLong(e + 8, p.overlapped); // lpOverlapped
            Mem.putLong(e + 16, 0);           // Internal: reserved
            Mem.putInt(e + 24, p.bytes);      // dwNumberOfBytesTransferred
            n++;
        }
        return n;
    }

    int queued() {
        return packets.size();
    }

    void close() {
        closed = true;
        packets.clear();
    }
}
