package io.polyloop.scheduler.swap;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.ReshapeInfo;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.jmx.RuntimeStatus;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime-wide record of live strategy/threads changes in {@code info().reshapes()} and the JMX bean: count,
 * time, from/to shape, duration, longest loop pause (a retirement with handles pauses its loop; a growth none); and
 * the rejection count, which goes up for each rejection, the same text twice included.
 */
@Timeout(60)
class ReshapeInfoTest {

    @Test
    void reshapesAndRejectionsAreCountedAndTheLastReshapeIsShown() throws Exception {
        BackendRegistry registry = new BackendRegistry(List.of(new EpollBackendProvider()));
        PolyloopRuntime rt = Runtimes.create(RuntimeSettings.parse(StrategySwapTest.conf("thread-per-core", 3)),
                registry, Ownership.CALLER);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new RuntimeStatus(rt, registry).register("io.polyloop.test:type=Runtime,name=reshapeInfo");
        try {
            assertEquals(ReshapeInfo.NONE, rt.info().reshapes());
            assertEquals("none", server.getAttribute(name, "LastReshape"));
            assertEquals(0L, server.getAttribute(name, "Reshapes"));
            TcpListener echo = SwapFixture.echo(rt);
            List<TcpStream> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                clients.add(SwapFixture.await(rt.connect(echo.localAddress()))); // handles on every loop
            }

            long before = System.currentTimeMillis();
            assertTrue(rt.applyProperties(StrategySwapTest.conf("thread-per-core", 1)));
            ReshapeInfo shrink = rt.info().reshapes();
            assertEquals(1, shrink.count());
            assertEquals("thread-per-core/3", shrink.from());
            assertEquals("thread-per-core/1", shrink.to());
            assertTrue(shrink.lastEpochMillis() >= before && shrink.lastEpochMillis() <= System.currentTimeMillis(),
                    shrink.toString());
            assertTrue(shrink.longestPauseNanos() > 0, "two loops retired with their handles: " + shrink);
            assertTrue(shrink.tookNanos() >= shrink.longestPauseNanos(), shrink.toString());
            assertNull(shrink.failure());
            String line = (String) server.getAttribute(name, "LastReshape");
            assertTrue(line.startsWith("1 reshape(s); last: thread-per-core/3 -> thread-per-core/1 at "), line);
            assertEquals(shrink.longestPauseNanos() / 1000, server.getAttribute(name, "LastReshapePauseMicros"));

            assertTrue(rt.applyProperties(StrategySwapTest.conf("work-stealing", 2)));
            ReshapeInfo grow = rt.info().reshapes();
            assertEquals(2, grow.count());
            assertEquals("thread-per-core/1", grow.from());
            assertEquals("work-stealing/2", grow.to());
            assertEquals(0, grow.longestPauseNanos(), "no loop retired: " + grow);
            assertEquals(2L, server.getAttribute(name, "Reshapes"));

            assertTrue(rt.applyProperties(Map.of(RuntimeSettings.STRATEGY, "work-stealing", RuntimeSettings.THREADS,
                    2, RuntimeSettings.BACKEND, "epoll", RuntimeSettings.TASK_BUDGET, 32)));
            assertEquals(2, rt.info().reshapes().count(), "a change of other settings is no reshape");

            assertEquals(0, rt.info().rejections());
            Map<String, Object> bad = Map.of(RuntimeSettings.TASK_BUDGET, 0);
            assertFalse(rt.applyProperties(bad));
            String first = rt.info().lastRejection();
            assertFalse(rt.applyProperties(bad));
            assertEquals(first, rt.info().lastRejection(), "the same rejection twice");
            assertEquals(2, rt.info().rejections(), "counted twice all the same");
            assertEquals(2L, server.getAttribute(name, "Rejections"));
            for (int i = 0; i < clients.size(); i++) {
                assertEquals("after " + i, SwapFixture.echoOnce(clients.get(i), "after " + i));
            }
            echo.close();
        } finally {
            RuntimeStatus.unregister(name);
            assertTrue(rt.close(Duration.ofSeconds(10)), () -> SwapFixture.loopsAndStacks(rt));
        }
    }
}
