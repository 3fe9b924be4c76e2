package io.polyloop.scheduler.swap;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.scheduler.di.Runtimes;
import io.polyloop.scheduler.runtime.BackendRegistry;
import io.polyloop.scheduler.runtime.Ownership;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import io.polyloop.scheduler.strategy.AlteredProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A loop that cannot retire (the surviving loop's driver refuses its handles) takes its connections back and runs
 * on: the change is rejected with the reason, the strategy and loop count are as before, every connection still
 * echoes, and a later change goes through.
 */
@Timeout(60)
class ReshapeRollbackTest {

    @Test
    void aRefusedHandOverLeavesTheRuntimeAsItWasAndConnectionsServed() throws Exception {
        AtomicInteger refusals = new AtomicInteger();
        BackendRegistry registry = new BackendRegistry(List.of(
                AlteredProvider.refusingAdopt(new EpollBackendProvider(), refusals)));
        PolyloopRuntime rt = Runtimes.create(RuntimeSettings.parse(StrategySwapTest.conf("thread-per-core", 3)),
                registry, Ownership.CALLER);
        try {
            TcpListener echo = SwapFixture.echo(rt);
            List<TcpStream> clients = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                clients.add(SwapFixture.await(rt.connect(echo.localAddress())));
                assertEquals("hello " + i, SwapFixture.echoOnce(clients.get(i), "hello " + i));
            }
            refusals.set(1); // the heir's adopt fails once; the old loop's own re-adopt then succeeds
            assertFalse(rt.applyProperties(StrategySwapTest.conf("thread-per-core", 2)));
            String why = rt.info().lastRejection();
            assertTrue(why.contains("cannot adopt") && why.contains("back to thread-per-core with 3 loop(s)"), why);
            assertEquals(Strategy.THREAD_PER_CORE, rt.info().strategy());
            assertEquals(3, rt.info().loops().size());
            for (int i = 0; i < clients.size(); i++) {
                assertEquals("again " + i, SwapFixture.echoOnce(clients.get(i), "again " + i));
            }

            assertTrue(rt.applyProperties(StrategySwapTest.conf("work-stealing", 2)), rt.info().lastRejection());
            assertNull(rt.info().lastRejection());
            assertEquals(2, rt.info().loops().size());
            for (int i = 0; i < clients.size(); i++) {
                assertEquals("after " + i, SwapFixture.echoOnce(clients.get(i), "after " + i));
            }
            echo.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)), () -> SwapFixture.loopsAndStacks(rt));
        }
    }
}
