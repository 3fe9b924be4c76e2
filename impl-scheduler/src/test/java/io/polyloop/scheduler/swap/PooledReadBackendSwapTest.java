package io.polyloop.scheduler.swap;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Task;
import io.polyloop.api.buffer.PooledBuffer;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code read(pool, max)} across backend swaps epoll &lt;-&gt; io_uring: pooled reads waiting on idle connections move
 * with their handles (as RECV_SELECTs) and still hold no loan on either backend; bytes sent afterwards reach them; and
 * an echo service built on pooled reads returns every byte of checksummed streams, in order, across swaps.
 */
@Timeout(90)
class PooledReadBackendSwapTest {
    private static final int CONNECTIONS = 12;

    @ParameterizedTest
    @ValueSource(strings = {"single-threaded", "work-stealing"})
    void waitingPooledReadsMoveWithTheirConnectionsAndHoldNoLoan(String strategy) throws Exception {
        Assumptions.assumeTrue(new IoUringBackendProvider().probe().isAvailable(), "io_uring not available here");
        PolyloopRuntime rt = runtime(strategy);
        try {
            TcpListener l = SwapFixture.await(rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            List<TcpStream[]> pairs = new ArrayList<>();
            List<Task<PooledBuffer>> reads = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Task<TcpStream> accepted = l.accept();
                TcpStream c = SwapFixture.await(rt.connect(l.localAddress()));
                TcpStream s = SwapFixture.await(accepted);
                pairs.add(new TcpStream[] {c, s});
                reads.add(s.read(rt.buffers(), 4096));
            }
            String backend = "epoll";
            for (int swap = 0; swap < 4; swap++) {
                backend = backend.equals("epoll") ? "io_uring" : "epoll";
                assertTrue(rt.applyProperties(conf(strategy, backend)), rt.info().lastRejection());
                assertEquals(backend, SwapFixture.loopBackends(rt));
                Thread.sleep(20);
                assertEquals(0, rt.buffers().outstanding(), "waiting pooled reads hold no loan on " + backend);
                for (Task<PooledBuffer> r : reads) {
                    assertFalse(r.isDone(), "nothing was sent yet");
                }
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                SwapFixture.await(pairs.get(i)[0].write(ByteBuffer.wrap(("after the swaps " + i).getBytes())));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                try (PooledBuffer loan = SwapFixture.await(reads.get(i))) {
                    byte[] got = new byte[loan.buffer().remaining()];
                    loan.buffer().get(got);
                    assertArrayEquals(("after the swaps " + i).getBytes(), got);
                }
            }
            assertEquals(0, rt.buffers().outstanding());
            pairs.forEach(p -> {
                p[0].close();
                p[1].close();
            });
            l.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single-threaded", "work-stealing"})
    void aPooledEchoReturnsEveryByteInOrderAcrossSwaps(String strategy) throws Exception {
        Assumptions.assumeTrue(new IoUringBackendProvider().probe().isAvailable(), "io_uring not available here");
        PolyloopRuntime rt = runtime(strategy);
        try {
            TcpListener echo = SwapFixture.await(rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    0)));
            acceptNext(echo, rt);
            List<ChecksummedStream> streams = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                streams.add(new ChecksummedStream(SwapFixture.await(rt.connect(echo.localAddress())), 3000 + i,
                        256 * 1024));
            }
            streams.forEach(ChecksummedStream::start);
            String backend = "epoll";
            for (int swap = 0; swap < 6; swap++) {
                Thread.sleep(25);
                backend = backend.equals("epoll") ? "io_uring" : "epoll";
                assertTrue(rt.applyProperties(conf(strategy, backend)), rt.info().lastRejection());
            }
            streams.forEach(ChecksummedStream::stop);
            for (ChecksummedStream s : streams) {
                assertTrue(s.done.get(60, TimeUnit.SECONDS) >= 256 * 1024);
            }
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }

    private static void acceptNext(TcpListener l, PolyloopRuntime rt) {
        l.accept().whenComplete((s, e) -> {
            if (e == null) {
                echo(s, rt);
                acceptNext(l, rt);
            }
        });
    }

    /** Read into a loan, write the loan back, close it once written, read again. */
    private static void echo(TcpStream s, PolyloopRuntime rt) {
        s.read(rt.buffers(), 16 * 1024).whenComplete((loan, e) -> {
            if (e != null || loan == null) {
                s.close();
                return;
            }
            s.write(loan.buffer()).whenComplete((v, we) -> {
                loan.close();
                if (we != null) {
                    s.close();
                } else {
                    echo(s, rt);
                }
            });
        });
    }

    private static PolyloopRuntime runtime(String strategy) {
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider(),
                new IoUringBackendProvider()));
        return Runtimes.create(RuntimeSettings.parse(conf(strategy, "epoll")), registry, Ownership.CALLER);
    }

    private static Map<String, Object> conf(String strategy, String backend) {
        Map<String, Object> m = new HashMap<>();
        m.put(RuntimeSettings.STRATEGY, strategy);
        m.put(RuntimeSettings.THREADS, 2);
        m.put(RuntimeSettings.BACKEND, backend);
        return m;
    }
}
