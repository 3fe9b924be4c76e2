package io.polyloop.conformance;

import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;

/**
 * Loop-side: sends {@code total} pattern bytes on a stream, resubmitting after partial sends, then optionally
 * shuts down its writing side. {@link #done} completes with the bytes sent, or exceptionally on an error result.
 */
public final class Sender {
    public final CompletableFuture<Long> done = new CompletableFuture<>();
    private final LoopHarness loop;
    private final IoHandle stream;
    private final long seed;
    private final long total;
    private final boolean shutdownAfter;
    private final ByteBuffer chunk;
    private final IoRequest request = new IoRequest();
    private final CRC32 crc = new CRC32();
    private long sent;
    private long chunkStart;
    private int partials;

    public Sender(LoopHarness loop, IoHandle stream, long seed, long total, int chunkSize, boolean shutdownAfter) {
        this.loop = loop;
        this.stream = stream;
        this.seed = seed;
        this.total = total;
        this.shutdownAfter = shutdownAfter;
        this.chunk = ByteBuffer.allocateDirect(chunkSize);
        chunk.limit(0);
    }

    /** Loop thread only. */
    public void start() {
        next();
    }

    private void next() {
        if (!chunk.hasRemaining()) {
            if (sent == total) {
                finish();
                return;
            }
            chunkStart = sent;
            chunk.clear().limit((int) Math.min(chunk.capacity(), total - sent));
            StreamPattern.fill(chunk, seed, sent);
        }
        loop.submit(request.send(stream, chunk), this::onSent);
    }

    private void onSent(IoRequest r) {
        int n = r.result();
        if (n < 0) {
            done.completeExceptionally(new AssertionError("send failed with " + n + " after " + sent + " bytes"));
            return;
        }
        if (n < chunk.remaining()) {
            partials++;
        }
        for (int i = 0; i < n; i++) {
            crc.update(chunk.get(chunk.position() + i));
        }
        chunk.position(chunk.position() + n);
        sent += n;
        next();
    }

    private void finish() {
        if (shutdownAfter) {
            try {
                loop.driver().shutdown(stream, false, true);
            } catch (Exception e) {
                done.completeExceptionally(e);
                return;
            }
        }
        done.complete(sent);
    }

    public long crc() {
        return crc.getValue();
    }

    /** @return how many sends completed with fewer bytes than offered */
    public int partials() {
        return partials;
    }

    long chunkStart() {
        return chunkStart;
    }
}
