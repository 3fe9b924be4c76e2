package io.polyloop.bench.echo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * A plain JDK NIO echo server, the baseline without any framework: one selector thread, one 16 KiB direct buffer per
 * connection; a connection whose write-back does not fit waits for OP_WRITE and stops reading until it drains.
 */
final class JdkNioEcho implements BenchEchoServer {
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private volatile boolean closed;

    private JdkNioEcho(Selector selector, ServerSocketChannel server) {
        this.selector = selector;
        this.server = server;
        this.thread = new Thread(this::run, "jdk-nio-echo");
    }

    static JdkNioEcho open() throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        JdkNioEcho echo = new JdkNioEcho(selector, server);
        echo.thread.start();
        return echo;
    }

    @Override
    public int port() {
        return server.socket().getLocalPort();
    }

    @Override
    public String description() {
        return "JDK " + Runtime.version().feature() + " NIO selector, 1 thread";
    }

    private void run() {
        try {
            while (!closed) {
                selector.select();
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        serve(key);
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                e.printStackTrace();
            }
        }
    }

    private void accept() throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(16 * 1024));
        }
    }

    private static void serve(SelectionKey key) {
        SocketChannel ch = (SocketChannel) key.channel();
        ByteBuffer buf = (ByteBuffer) key.attachment();
        try {
            if (key.isWritable()) { // finishing a write-back that did not fit
                ch.write(buf);
                if (buf.hasRemaining()) {
                    return;
                }
                key.interestOps(SelectionKey.OP_READ);
            }
            if (key.isReadable() || !buf.hasRemaining()) {
                buf.clear();
                int n = ch.read(buf);
                if (n < 0) {
                    key.cancel();
                    ch.close();
                    return;
                }
                buf.flip();
                ch.write(buf);
                if (buf.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_WRITE);
                }
            }
        } catch (IOException e) {
            key.cancel();
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        selector.close();
    }
}
