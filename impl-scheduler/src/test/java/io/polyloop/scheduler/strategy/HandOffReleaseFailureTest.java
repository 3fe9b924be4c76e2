package io.polyloop.scheduler.strategy;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.scheduler.net.SpreadTcpListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A driver whose {@code release} throws something else than the IOException of a refusal (here the
 * ClassCastException of a wrapper over a driver without HandleTransfer): the hand-off closes the connection and the
 * accept waiting for it fails with that exception, so the peer sees the close at once (no connection left open and
 * unserved), and the listener goes on accepting. Thread-per-core over 3 loops, one socket; connections are made one
 * after another, so the round robin gives loop 0 (the accepting loop: no hand-off) connections 0, 3, 6.
 */
@Timeout(60)
class HandOffReleaseFailureTest {
    private static final int LOOPS = 3;

    @Test
    void aReleaseThatThrowsClosesTheConnectionAndFailsItsAccept() throws Exception {
        IoRuntime rt = IoRuntime.builder().provider(AlteredProvider.releaseThrows(new EpollBackendProvider()))
                .backend("epoll").strategy(Strategy.THREAD_PER_CORE.configName())
                .set(RuntimeSettings.THREADS, LOOPS).build();
        try {
            TcpListener listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(1, ((SpreadTcpListener) listener).members());
            ConcurrentLinkedQueue<Throwable> acceptFailures = new ConcurrentLinkedQueue<>();
            acceptLoop(listener, acceptFailures);
            int served = 0;
            for (int i = 0; i < 7; i++) {
                boolean echoed = echoedOrClosed(listener.localAddress(), i);
                assertEquals(i % LOOPS == 0, echoed, "connection " + i + (echoed ? " echoed" : " closed"));
                served += echoed ? 1 : 0;
            }
            assertEquals(3, served);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (acceptFailures.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(4, acceptFailures.size(), "one failed accept per closed connection: " + acceptFailures);
            for (Throwable t : acceptFailures) {
                assertTrue(causes(t).stream().anyMatch(c -> c instanceof ClassCastException), t::toString);
            }
            listener.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    /** @return true if the byte came back, false if the server closed the connection; a hang fails (timeout) */
    private static boolean echoedOrClosed(InetSocketAddress address, int i) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, 5_000);
            s.setSoTimeout(5_000); // a connection left open and unserved ends the test here
            s.getOutputStream().write(i);
            InputStream in = s.getInputStream();
            int b = in.read();
            if (b < 0) {
                return false;
            }
            assertEquals(i, b, "echoed byte");
            return true;
        } catch (SocketException e) { // reset: closed with the byte unread
            return false;
        }
    }

    private static void acceptLoop(TcpListener listener, ConcurrentLinkedQueue<Throwable> failures) {
        listener.accept().whenComplete((stream, failure) -> {
            if (failure != null) {
                if (!listener.isOpen()) {
                    return;
                }
                failures.add(failure);
            } else {
                echo(stream);
            }
            acceptLoop(listener, failures);
        });
    }

    private static void echo(TcpStream stream) {
        ByteBuffer b = ByteBuffer.allocate(1);
        stream.read(b).thenCompose(n -> {
            b.flip();
            return stream.write(b);
        }).whenComplete((v, e) -> stream.close());
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && all.size() < 10; c = c.getCause()) {
            all.add(c);
        }
        return all;
    }
}
