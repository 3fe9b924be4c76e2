package io.polyloop.scheduler.swap;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.LoopInfo;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Echo service and helpers for the swap tests. */
final class SwapFixture {
    private SwapFixture() {
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** An echo service written as a user would: every step a continuation. */
    static TcpListener echo(IoRuntime rt) throws Exception {
        TcpListener l = await(rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        acceptNext(l);
        return l;
    }

    private static void acceptNext(TcpListener l) {
        l.accept().whenComplete((s, e) -> {
            if (e == null) {
                echo(s, ByteBuffer.allocate(32 * 1024));
                acceptNext(l);
            }
        });
    }

    private static void echo(TcpStream s, ByteBuffer buf) {
        buf.clear();
        s.read(buf).whenComplete((n, e) -> {
            if (e != null || n < 0) {
                s.close();
                return;
            }
            buf.flip();
            s.write(buf).whenComplete((v, we) -> {
                if (we != null) {
                    s.close();
                } else {
                    echo(s, buf);
                }
            });
        });
    }

    static String echoOnce(TcpStream c, String text) throws Exception {
        byte[] out = text.getBytes(StandardCharsets.US_ASCII);
        await(c.write(ByteBuffer.wrap(out)));
        ByteBuffer in = ByteBuffer.allocate(out.length);
        await(readFully(c, in));
        return new String(in.array(), StandardCharsets.US_ASCII);
    }

    static CompletionStage<ByteBuffer> readFully(TcpStream c, ByteBuffer in) {
        if (!in.hasRemaining()) {
            return CompletableFuture.completedFuture(in);
        }
        return c.read(in).thenCompose(n -> {
            if (n < 0) {
                throw new IllegalStateException("EOF with " + in.remaining() + " bytes missing");
            }
            return readFully(c, in);
        });
    }

    /** @return every loop's status and the stack of every loop thread: why a runtime did not terminate */
    static String loopsAndStacks(IoRuntime rt) {
        StringBuilder b = new StringBuilder("loops: ");
        rt.info().loops().forEach(l -> b.append('\n').append(l));
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().contains("-loop-")) {
                b.append("\nthread ").append(t.getName()).append(' ').append(t.getState());
                for (StackTraceElement e : stack) {
                    b.append("\n    at ").append(e);
                }
            }
        });
        return b.toString();
    }

    /** @return the backend every loop with a driver uses, or a description of the mix */
    static String loopBackends(IoRuntime rt) {
        return rt.info().loops().stream().map(LoopInfo::backend).distinct().sorted()
                .reduce((a, b) -> a + "+" + b).orElse("none");
    }
}
