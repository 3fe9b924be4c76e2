package io.polyloop.scheduler.swap;

import io.polyloop.api.CallerDrivenRuntime;
import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.net.TcpListener;
import io.polyloop.api.net.TcpStream;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A caller-driven runtime takes a change when it is next driven, so applyProperties cannot wait for it. If the loop
 * then cannot open the new driver, the runtime goes back to the settings the loop still runs and shows the rejection:
 * info() never claims a backend the loop does not use. A change taken later is not undone by an earlier failure.
 */
@Timeout(30)
class CallerDrivenLateFailureTest {

    @Test
    void aChangeTheLoopCannotTakeWhenDrivenIsUndoneAndShown() throws Exception {
        FlakyProvider flaky = new FlakyProvider("flaky", new EpollBackendProvider(), 1);
        CallerDrivenRuntime cd = IoRuntime.builder().provider(new EpollBackendProvider()).provider(flaky)
                .backend("epoll").buildCallerDriven();
        PolyloopRuntime rt = assertInstanceOf(PolyloopRuntime.class, cd.runtime());
        try {
            TcpListener listener = cd.blockOn(rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            var accepted = listener.accept();
            TcpStream client = cd.blockOn(rt.connect(listener.localAddress()));
            TcpStream server = cd.blockOn(accepted);
            roundTrip(cd, client, server, "on epoll");

            assertTrue(rt.applyProperties(Map.of(RuntimeSettings.BACKEND, "flaky")), "not waited for: said applied");
            assertEquals("flaky", rt.info().settings().backend());
            cd.blockOn(rt.sleep(Duration.ofMillis(1))); // the loop tries the change: open #1 fails
            assertEquals("epoll", rt.info().settings().backend(), "back on the settings the loop runs");
            assertEquals("epoll", rt.info().backend());
            String why = rt.info().lastRejection();
            assertTrue(why != null && why.contains("refused by the test"), why);
            roundTrip(cd, client, server, "after the failed change");

            assertTrue(rt.applyProperties(Map.of(RuntimeSettings.BACKEND, "flaky")));
            cd.blockOn(rt.sleep(Duration.ofMillis(1))); // open #2 succeeds
            assertEquals("flaky", rt.info().settings().backend());
            assertEquals("flaky", rt.info().backend());
            assertNull(rt.info().lastRejection());
            assertEquals(2, flaky.opens.get());
            roundTrip(cd, client, server, "on the new driver");

            // two changes before the loop is driven: the first is superseded, not a failure
            assertTrue(rt.applyProperties(Map.of(RuntimeSettings.BACKEND, "epoll")));
            assertTrue(rt.applyProperties(Map.of(RuntimeSettings.BACKEND, "epoll", RuntimeSettings.TASK_BUDGET, 32)));
            cd.blockOn(rt.sleep(Duration.ofMillis(1)));
            assertNull(rt.info().lastRejection(), rt.info().lastRejection());
            assertEquals(32, rt.info().settings().taskBudget());
            assertEquals("epoll", rt.info().settings().backend());
            roundTrip(cd, client, server, "after a superseded change");
            client.close();
            server.close();
            listener.close();
        } finally {
            assertTrue(cd.close(Duration.ofSeconds(10)));
        }
    }

    private static void roundTrip(CallerDrivenRuntime cd, TcpStream client, TcpStream server, String text) {
        byte[] out = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        cd.blockOn(client.write(ByteBuffer.wrap(out)));
        ByteBuffer in = cd.blockOn(server.readExactly(out.length));
        byte[] got = new byte[in.remaining()];
        in.get(got);
        assertEquals(text, new String(got, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
