package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.kqueue.KqueueBackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command texts from a real runtime's snapshot. */
@Timeout(30)
class StatusTextTest {

    @Test
    void statusLoopsAndBackendsShowWhatAnOperatorNeeds() throws Exception {
        IoRuntime rt = IoRuntime.builder().provider(new EpollBackendProvider()).backend("epoll")
                .set(RuntimeSettings.STRATEGY, "thread-per-core").set(RuntimeSettings.THREADS, 2).build();
        try {
            var listener = rt.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).get(10,
                    TimeUnit.SECONDS);
            RuntimeInfo info = rt.info();
            String status = StatusText.status(info);
            assertTrue(status.contains("thread-per-core (2 loop(s))"), status);
            assertTrue(status.contains("backend        epoll (configured: epoll)"), status);
            assertTrue(status.contains("last swap      none"), status);
            assertTrue(status.contains("last rejected  none"), status);
            assertTrue(status.contains("last reshape   none"), status);
            assertTrue(status.contains("rejections     0 since start"), status);
            assertTrue(status.matches("(?s).*connections    [12] .*"), status); // counts are published per turn

            String loops = StatusText.loops(info);
            assertTrue(loops.lines().count() == 3 && loops.contains("-loop-1") && loops.contains("epoll"), loops);

            String backends = StatusText.backends(List.of(new EpollBackendProvider(), new KqueueBackendProvider()),
                    info.backend());
            assertTrue(backends.matches("(?s).*epoll +\\d+ \\* +available.*"), backends);
            if (System.getProperty("os.name").startsWith("Linux")) {
                assertTrue(backends.contains("unavailable requires macOS or FreeBSD")
                        || backends.matches("(?s).*kqueue .*unavailable .*macOS or FreeBSD.*"), backends);
            }
            listener.close();
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }
}
