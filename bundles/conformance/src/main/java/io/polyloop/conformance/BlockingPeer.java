package io.polyloop.conformance;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * The far end of a hot-swap test: a plain blocking {@link Socket} on two threads of its own, so that driver swaps do
 * not touch it. It writes pattern 7 slowly (so swaps land mid-stream) and reads pattern 8 slowly (so the driver's
 * sends back up and partial sends are pending at swaps), checking each byte.
 */
final class BlockingPeer {
    final CountDownLatch done = new CountDownLatch(2);
    /** The bytes read when the driver side shut down its output, or the first failure of either thread. */
    final CompletableFuture<Long> read = new CompletableFuture<>();
    private final Socket socket;
    private final long total;

    BlockingPeer(Socket socket, long total) {
        this.socket = socket;
        this.total = total;
    }

    void start() {
        Thread writer = new Thread(this::write, "peer-writer");
        Thread reader = new Thread(this::read, "peer-reader");
        writer.setDaemon(true);
        reader.setDaemon(true);
        writer.start();
        reader.start();
    }

    private void write() {
        try {
            OutputStream out = socket.getOutputStream();
            byte[] chunk = new byte[32 * 1024];
            for (long sent = 0; sent < total; sent += chunk.length) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = StreamPattern.at(7, sent + i);
                }
                out.write(chunk);
                ConformanceSupport.sleep(1);
            }
            socket.shutdownOutput();
        } catch (Exception e) {
            read.completeExceptionally(e);
        } finally {
            done.countDown();
        }
    }

    private void read() {
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8 * 1024];
            long got = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != StreamPattern.at(8, got + i)) {
                        throw new AssertionError("peer: byte " + (got + i) + " differs");
                    }
                }
                got += n;
                if ((got & 0xffff) < n) {
                    ConformanceSupport.sleep(1);
                }
            }
            read.complete(got);
        } catch (Throwable e) {
            read.completeExceptionally(e);
        } finally {
            done.countDown();
        }
    }
}
