package io.polyloop.conformance;

import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * Loop-side: receives a stream until EOF, checking each byte against {@link StreamPattern} as it arrives (so a
 * lost or reordered byte is reported at its offset). {@link #done} completes with the byte count at EOF.
 */
public final class Receiver {
    public final CompletableFuture<Long> done = new CompletableFuture<>();
    private final LoopHarness loop;
    private final IoHandle stream;
    private final long seed;
    private final ByteBuffer buffer;
    private final IoRequest request = new IoRequest();
    private final CRC32 crc = new CRC32();
    private volatile long received;

    public Receiver(LoopHarness loop, IoHandle stream, long seed, int bufferSize) {
        this.loop = loop;
        this.stream = stream;
        this.seed = seed;
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
    }

    /** Loop thread only. */
    public void start() {
        buffer.clear();
        loop.submit(request.recv(stream, buffer), this::onReceived);
    }

    private void onReceived(IoRequest r) {
        int n = r.result();
        if (n < 0) {
            done.completeExceptionally(new AssertionError("recv failed with " + n + " after " + received));
            return;
        }
        if (n == 0) {
            done.complete(received);
            return;
        }
        long bad = StreamPattern.mismatch(buffer, 0, n, seed, received);
        if (bad >= 0) {
            done.completeExceptionally(new AssertionError("byte " + bad + " differs (lost or reordered data)"));
            return;
        }
        for (int i = 0; i < n; i++) {
            crc.update(buffer.get(i));
        }
        received += n;
        start();
    }

    public long crc() {
        return crc.getValue();
    }

    /** Any thread. */
    public long received() {
        return received;
    }

    public IoRequest request() {
        return request;
    }
}
