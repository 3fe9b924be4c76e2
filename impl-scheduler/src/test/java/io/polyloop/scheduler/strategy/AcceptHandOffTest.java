package io.polyloop.scheduler.strategy;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.scheduler.net.SpreadTcpListener;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thread-per-core over a backend without SO_REUSEPORT (IOCP's case, made here by {@link AlteredProvider#noReusePort} over
 * a real Linux backend, or kqueue over its emulation): one listening socket, and each accepted connection handed to the loops in turn. Every
 * connection is served, every loop serves some, and each connection's callbacks stay on the loop it was handed to.
 * The same where the backend says its sockets of one port would not share connections (kqueue on macOS, FreeBSD
 * before 12), and, with a socket per loop, where they do.
 */
@Timeout(60)
class AcceptHandOffTest {
    private static final int LOOPS = 3;
    private static final int CONNECTIONS = 30;

    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "kqueue-macos", "kqueue-freebsd"})
    void connectionsAcceptedOnOneLoopAreServedByEveryLoop(String variant) throws Exception {
        IoBackendProvider real = provider(variant);
        Assumptions.assumeTrue(real.probe().isAvailable(), variant + " not available here");
        serveOnEveryLoop(AlteredProvider.noReusePort(real), 1, "the port cannot be shared: one socket");
    }

    /**
     * Sockets of one port bind but would not share the connections (macOS; FreeBSD without SO_REUSEPORT_LB): the
     * backend says so, and the listener accepts on one socket and hands connections on without being forced to.
     */
    @ParameterizedTest
    @ValueSource(strings = {"kqueue-macos", "kqueue-freebsd-no-lb"})
    void whereSocketsWouldNotBalanceOneAcceptsAndHandsOn(String variant) throws Exception {
        IoBackendProvider emulated = provider(variant);
        Assumptions.assumeTrue(emulated.probe().isAvailable(), variant + " not available here");
        serveOnEveryLoop(emulated, 1, "the backend's sockets would not balance: one socket");
    }

    /** Linux SO_REUSEPORT and FreeBSD's SO_REUSEPORT_LB balance: a socket per loop, the kernel spreads. */
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "kqueue-freebsd"})
    void whereSocketsBalanceEachLoopHasOne(String variant) throws Exception {
        IoBackendProvider real = provider(variant);
        Assumptions.assumeTrue(real.probe().isAvailable(), variant + " not available here");
        serveOnEveryLoop(real, LOOPS, "a socket per loop");
    }

    private static void serveOnEveryLoop(IoBackendProvider provider, int members, String why) throws Exception {
        IoRuntime rt = IoRuntime.builder().provider(provider).backend(provider.name())
                .strategy(Strategy.THREAD_PER_CORE.configName()).set(RuntimeSettings.THREADS, LOOPS).build();
        try {
            TcpListener listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(members, ((SpreadTcpListener) listener).members(), why);
            Map<String, Integer> served = new ConcurrentHashMap<>();
            Set<String> violations = ConcurrentHashMap.newKeySet();
            acceptLoop(listener, served, violations);
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort());
                    s.setSoTimeout(10_000);
                    clients.add(s);
                }
                // every connection open at once, then each echoes 3 bytes: none may be lost or served twice
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < CONNECTIONS; i++) {
                        OutputStream out = clients.get(i).getOutputStream();
                        out.write(i + round);
                    }
                    for (int i = 0; i < CONNECTIONS; i++) {
                        InputStream in = clients.get(i).getInputStream();
                        assertEquals(i + round, in.read(), "echo of connection " + i);
                    }
                }
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
                listener.close();
            }
            assertTrue(violations.isEmpty(), "callbacks of a connection left its loop: " + violations);
            assertEquals(LOOPS, served.size(), "connections were handed to every loop: " + served);
            assertEquals(CONNECTIONS, served.values().stream().mapToInt(Integer::intValue).sum(), served.toString());
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    /** kqueue over its emulation of macOS or FreeBSD on Linux (the emulation needs Linux epoll). */
    private static IoBackendProvider provider(String variant) {
        switch (variant) {
            case "epoll":
                return new EpollBackendProvider();
            case "io_uring":
                return new IoUringBackendProvider();
            case "kqueue-macos":
                return EmulatedKqueueProviders.macos();
            case "kqueue-freebsd":
                return EmulatedKqueueProviders.freebsd();
            case "kqueue-freebsd-no-lb":
                return EmulatedKqueueProviders.freebsdWithoutReusePortLb();
            default:
                throw new IllegalArgumentException(variant);
        }
    }

    private static void acceptLoop(TcpListener listener, Map<String, Integer> served, Set<String> violations) {
        listener.accept().whenComplete((stream, failure) -> {
            if (failure != null) {
                return;
            }
            // A continuation attached to a task that already completed runs on the attaching thread (here maybe
            // another connection's loop): the connection's loop is where its tasks' async continuations run, so the
            // first read continues async, and every later callback, chained there, must run there too.
            echo(stream, null, served, violations);
            acceptLoop(listener, served, violations);
        });
    }

    private static void echo(TcpStream stream, String home, Map<String, Integer> served, Set<String> violations) {
        ByteBuffer b = ByteBuffer.allocate(1);
        java.util.function.BiConsumer<Integer, Throwable> then = (n, e) -> {
            String here = Thread.currentThread().getName();
            if (home == null) {
                served.merge(here, 1, Integer::sum);
            } else if (!here.equals(home)) {
                violations.add(home + " -> " + here);
            }
            if (e != null || n < 0) {
                stream.close();
                return;
            }
            b.flip();
            stream.write(b).whenComplete((v, we) -> echo(stream, here, served, violations));
        };
        if (home == null) {
            stream.read(b).whenCompleteAsync(then);
        } else {
            stream.read(b).whenComplete(then);
        }
    }
}
