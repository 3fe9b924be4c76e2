package io.polyloop.scheduler.net;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/** A test echo server written the way a user would: every step a continuation, no blocking on the loop. */
final class EchoServer implements AutoCloseable {
    final TcpListener listener;

    EchoServer(IoRuntime rt) throws Exception {
        listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).get(5, TimeUnit.SECONDS);
        acceptNext();
    }

    InetSocketAddress address() {
        return listener.localAddress();
    }

    private void acceptNext() {
        listener.accept().whenComplete((stream, failure) -> {
            if (failure == null) {
                echo(stream, ByteBuffer.allocate(16 * 1024));
                acceptNext();
            }
        });
    }

    private static void echo(TcpStream stream, ByteBuffer buffer) {
        buffer.clear();
        stream.read(buffer).whenComplete((n, failure) -> {
            if (failure != null || n < 0) {
                stream.close();
                return;
            }
            buffer.flip();
            stream.write(buffer).whenComplete((v, writeFailure) -> {
                if (writeFailure != null) {
                    stream.close();
                } else {
                    echo(stream, buffer);
                }
            });
        });
    }

    @Override
    public void close() {
        listener.close();
    }
}
