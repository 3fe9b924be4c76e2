package io.polyloop.scheduler.swap;

import io.polyloop.api.net.TcpStream;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One connection sending a long pseudo-random byte stream (a function of seed and position, so loss, duplication
 * and reordering all show) through an echo service and checking every byte that comes back. Writes and reads are
 * continuations on the runtime; the writer keeps going until {@link #stop} and at least {@code minBytes}.
 */
final class ChecksummedStream {
    private static final int CHUNK = 32 * 1024;

    private final TcpStream c;
    private final long seed;
    private final long minBytes;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    final CompletableFuture<Long> done = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile long sentFinal = -1;
    private long sent;
    private long received;
    private long lastRead = System.nanoTime();
    private volatile long longestStallNanos;

    ChecksummedStream(TcpStream c, long seed, long minBytes) {
        this.c = c;
        this.seed = seed;
        this.minBytes = minBytes;
    }

    static byte expected(long seed, long position) {
        long z = seed * 0x9E3779B97F4A7C15L + (position >>> 3);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (byte) (z >>> ((position & 7) * 8));
    }

    void start() {
        writeNext();
        readNext();
    }

    void stop() {
        stopping = true;
    }

    long longestStallNanos() {
        return longestStallNanos;
    }

    private void writeNext() {
        if (stopping && sent >= minBytes) {
            sentFinal = sent;
            if (received == sent) {
                done.complete(received);
            }
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(CHUNK);
        for (int i = 0; i < CHUNK; i++) {
            out.put(expected(seed, sent + i));
        }
        out.flip();
        c.write(out).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            sent += CHUNK;
            writeNext();
        });
    }

    private void readNext() {
        in.clear();
        c.read(in).whenComplete((n, e) -> {
            if (e != null || n < 0) {
                done.completeExceptionally(e != null ? e : new IllegalStateException("EOF after " + received));
                return;
            }
            long now = System.nanoTime();
            longestStallNanos = Math.max(longestStallNanos, now - lastRead);
            lastRead = now;
            for (int i = 0; i < n; i++) {
                byte want = expected(seed, received + i);
                if (in.get(i) != want) {
                    done.completeExceptionally(new AssertionError("stream " + seed + ": byte " + (received + i)
                            + " is " + in.get(i) + ", expected " + want));
                    return;
                }
            }
            received += n;
            long last = sentFinal;
            if (last >= 0 && received == last) {
                done.complete(received);
            } else {
                readNext();
            }
        });
    }
}
