package io.polyloop.karaf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One TCP connection to an echo server, from plain blocking sockets (no polyloop on this side): a writer thread sends
 * an endless stream whose every byte is derived from its position, a reader thread checks each byte that comes back
 * against its position. Anything lost, duplicated, reordered or corrupted is caught at the first wrong byte. TCP flow
 * control bounds what is in flight. Records the longest time the reader waited for data (the longest stall).
 */
final class ChecksumStream implements AutoCloseable {
    private static final int CHUNK = 8 * 1024;
    private static final int READ_TIMEOUT_MS = 20_000;

    private final Socket socket = new Socket();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong verified = new AtomicLong();
    private final AtomicLong longestStallNanos = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopWriting;
    private final Thread writer = new Thread(this::write, "checksum-stream-writer");
    private final Thread reader = new Thread(this::read, "checksum-stream-reader");

    private ChecksumStream() {
    }

    static ChecksumStream open(InetSocketAddress echo) throws IOException {
        ChecksumStream s = new ChecksumStream();
        s.socket.connect(echo, 10_000);
        s.socket.setSoTimeout(READ_TIMEOUT_MS);
        s.socket.setTcpNoDelay(true);
        s.writer.setDaemon(true);
        s.reader.setDaemon(true);
        s.writer.start();
        s.reader.start();
        return s;
    }

    static byte expected(long position) {
        return (byte) (position * 131 + (position >>> 9) + (position >>> 17));
    }

    long verified() {
        return verified.get();
    }

    long longestStallMillis() {
        return TimeUnit.NANOSECONDS.toMillis(longestStallNanos.get());
    }

    /** @throws AssertionError with the first failure of either side */
    void check() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("stream broken after " + verified.get() + " verified bytes: " + t, t);
        }
    }

    /** Waits until {@code more} bytes past the current count came back intact, bounded. */
    void awaitMore(long more, long timeoutMs) throws InterruptedException {
        long target = verified.get() + more;
        Await.until(more + " more bytes echoed intact", timeoutMs, () -> {
            check();
            return verified.get() >= target;
        }, () -> "verified " + verified.get() + " of " + target + ", written " + written.get());
    }

    /** Stops writing, waits until every byte written came back intact, and closes. @return the bytes checked */
    long finish(long timeoutMs) throws InterruptedException {
        stopWriting = true;
        writer.join(timeoutMs);
        Await.until("every written byte echoed back", timeoutMs, () -> {
            check();
            return !writer.isAlive() && verified.get() == written.get();
        }, () -> "verified " + verified.get() + " of " + written.get() + " written");
        close();
        return verified.get();
    }

    private void write() {
        byte[] chunk = new byte[CHUNK];
        try {
            OutputStream out = socket.getOutputStream();
            long position = 0;
            while (!stopWriting) {
                for (int i = 0; i < CHUNK; i++) {
                    chunk[i] = expected(position + i);
                }
                out.write(chunk);
                position += CHUNK;
                written.set(position);
            }
        } catch (IOException | RuntimeException e) {
            if (!socket.isClosed()) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private void read() {
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = socket.getInputStream();
            long position = 0;
            long last = System.nanoTime();
            while (true) {
                int n = in.read(buffer);
                long now = System.nanoTime();
                longestStallNanos.accumulateAndGet(now - last, Math::max);
                last = now;
                if (n < 0) {
                    if (!stopWriting || position != written.get()) {
                        failure.compareAndSet(null, new IOException("end of stream after " + position + " bytes"));
                    }
                    return;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != expected(position + i)) {
                        failure.compareAndSet(null, new AssertionError("byte " + (position + i) + " is "
                                + buffer[i] + ", expected " + expected(position + i)));
                        return;
                    }
                }
                position += n;
                verified.set(position);
            }
        } catch (IOException | RuntimeException e) {
            if (!socket.isClosed()) {
                failure.compareAndSet(null, e);
            }
        }
    }

    @Override
    public void close() {
        stopWriting = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
