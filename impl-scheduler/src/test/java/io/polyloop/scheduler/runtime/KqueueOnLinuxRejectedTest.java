package io.polyloop.scheduler.runtime;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.SettingsException;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.kqueue.KqueueBackendProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real kqueue provider on Linux: {@code backend=kqueue} is refused with the probe's reason, at build time and as a
 * change to a running runtime, which keeps its backend.
 */
@Timeout(30)
class KqueueOnLinuxRejectedTest {

    @Test
    void selectingKqueueOnLinuxIsRejectedWithTheReason() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
        SettingsException e = assertThrows(SettingsException.class, () -> IoRuntime.builder()
                .provider(new EpollBackendProvider()).provider(new KqueueBackendProvider()).backend("kqueue").build());
        assertTrue(e.getMessage().contains("requires macOS or FreeBSD"), e.getMessage());
    }

    @Test
    void aRunningRuntimeRefusesTheSwitchAndKeepsItsBackend() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
        IoRuntime rt = IoRuntime.builder().provider(new EpollBackendProvider()).provider(new KqueueBackendProvider())
                .backend("epoll").build();
        try {
            PolyloopRuntime runtime = assertInstanceOf(PolyloopRuntime.class, rt);
            assertFalse(runtime.applyProperties(Map.of(RuntimeSettings.BACKEND, "kqueue")));
            assertEquals("epoll", rt.info().backend());
            String why = rt.info().lastRejection();
            assertTrue(why.contains("kqueue") && why.contains("requires macOS or FreeBSD"), why);
            assertEquals(0L, rt.sleep(Duration.ofMillis(1)).toCompletableFuture().thenApply(v -> 0L).join(),
                    "the runtime still runs");
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }
}
