package io.polyloop.conformance;

import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.nio.ByteBuffer;

/**
 * Loop-side: echoes everything received on a connection until EOF or an error, then closes it. One receive in
 * flight, then sends until the chunk is fully written (partial sends resubmitted), then receives again.
 */
public final class EchoSession {
    private final LoopHarness loop;
    private final IoHandle stream;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
    private final IoRequest request = new IoRequest();

    public EchoSession(LoopHarness loop, IoHandle stream) {
        this.loop = loop;
        this.stream = stream;
    }

    public void start() {
        buffer.clear();
        loop.submit(request.recv(stream, buffer), this::onReceived);
    }

    private void onReceived(IoRequest r) {
        int n = r.result();
        if (n <= 0) {
            loop.submit(request.close(stream), x -> { });
            return;
        }
        buffer.position(0).limit(n);
        loop.submit(request.send(stream, buffer), this::onSent);
    }

    private void onSent(IoRequest r) {
        int n = r.result();
        if (n < 0) {
            loop.submit(request.close(stream), x -> { });
            return;
        }
        buffer.position(buffer.position() + n);
        if (buffer.hasRemaining()) {
            loop.submit(request.send(stream, buffer), this::onSent);
        } else {
            start();
        }
    }
}
