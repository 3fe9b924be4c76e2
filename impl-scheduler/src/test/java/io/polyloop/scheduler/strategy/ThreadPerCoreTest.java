package io.polyloop.scheduler.strategy;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.Task;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What thread-per-core promises beyond the shared TCP suite: affinity of work and the spreading of accepts. */
@Timeout(60)
class ThreadPerCoreTest {
    private static final int LOOPS = 3;
    private IoRuntime rt;

    @BeforeEach
    void start() {
        rt = IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll")
                .strategy(Strategy.THREAD_PER_CORE.configName()).set(RuntimeSettings.THREADS, LOOPS).build();
    }

    @AfterEach
    void stop() {
        assertTrue(rt.close(Duration.ofSeconds(10)));
    }

    @Test
    void workFromOutsideIsSpreadAndEveryContinuationStaysOnItsLoop() throws Exception {
        assertEquals(LOOPS, rt.info().loops().size());
        Set<String> used = ConcurrentHashMap.newKeySet();
        List<Task<Boolean>> chains = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // Built on the loop: a continuation attached from outside after completion would run on the caller.
            Task<Boolean> chain = rt.spawn(() -> {
                String first = Thread.currentThread().getName();
                used.add(first);
                return rt.sleep(Duration.ofMillis(1))
                        .thenCompose(v -> rt.submit(() -> first.equals(Thread.currentThread().getName())))
                        .thenApply(same -> same && first.equals(Thread.currentThread().getName()));
            });
            chains.add(chain);
        }
        for (Task<Boolean> c : chains) {
            assertTrue(c.get(10, TimeUnit.SECONDS), "a task spawned on a loop ran elsewhere");
        }
        assertEquals(LOOPS, used.size(), "posts from outside reach every loop: " + used);
    }

    @Test
    void aListenerAcceptsOnEveryLoopAndEachConnectionLivesWhereItWasAccepted() throws Exception {
        TcpListener listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .get(10, TimeUnit.SECONDS);
        Set<String> servingThreads = ConcurrentHashMap.newKeySet();
        Set<String> violations = ConcurrentHashMap.newKeySet();
        acceptLoop(listener, servingThreads, violations);
        List<Socket> clients = new ArrayList<>();
        try {
            // Reuseport hashes by source port: enough connections reach more than one loop with near certainty.
            for (int i = 0; i < 48; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.localAddress().getPort());
                s.setSoTimeout(10_000);
                clients.add(s);
                s.getOutputStream().write(i);
                assertEquals(i, s.getInputStream().read());
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            listener.close();
        }
        assertTrue(violations.isEmpty(), "callbacks of a connection left its loop: " + violations);
        assertTrue(servingThreads.size() > 1, "all connections were served by " + servingThreads);
    }

    private void acceptLoop(TcpListener listener, Set<String> threads, Set<String> violations) {
        listener.accept().whenComplete((stream, failure) -> {
            if (failure != null) {
                return;
            }
            String acceptedOn = Thread.currentThread().getName();
            threads.add(acceptedOn);
            echoOne(stream, acceptedOn, violations);
            acceptLoop(listener, threads, violations);
        });
    }

    private static void echoOne(TcpStream stream, String home, Set<String> violations) {
        ByteBuffer b = ByteBuffer.allocate(1);
        stream.read(b).thenCompose(n -> {
            if (!Thread.currentThread().getName().equals(home)) {
                violations.add(home + " -> " + Thread.currentThread().getName());
            }
            b.flip();
            return stream.write(b);
        });
    }
}
