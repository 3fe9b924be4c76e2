package io.polyloop.scheduler.net;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeSettings;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.iocp.IocpBackendProvider;
import io.polyloop.scheduler.runtime.PolyloopRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real IOCP provider on Linux: selecting it is refused with its reason, and a running runtime keeps its backend. */
@Timeout(30)
class IocpUnavailableHereTest {

    @Test
    void buildingWithIocpSaysItNeedsWindows() {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IoRuntime.builder().provider(new IocpBackendProvider()).backend("iocp").build());
        assertTrue(e.getMessage().contains("iocp requires Windows"), e.getMessage());
    }

    @Test
    void configuringIocpIsRejectedAndTheRuntimeKeepsItsBackend() {
        Assumptions.assumeFalse(System.getProperty("os.name").startsWith("Windows"));
        IoRuntime rt = IoRuntime.builder().provider(new EpollBackendProvider()).provider(new IocpBackendProvider())
                .backend("epoll").build();
        try {
            PolyloopRuntime prt = (PolyloopRuntime) rt;
            assertFalse(prt.applyProperties(Map.of(RuntimeSettings.BACKEND, "iocp")));
            assertTrue(rt.info().lastRejection().contains("iocp requires Windows"), rt.info().lastRejection());
            assertEquals("epoll", rt.info().backend());
        } finally {
            assertTrue(rt.close(Duration.ofSeconds(10)));
        }
    }
}
