package io.polyloop.scheduler.loop;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.SettingsException;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backend tuning settings reach drivers through DriverOptions, and a change of one reopens the drivers. */
class LoopConfigBackendPropertiesTest {
    private final IoBackendProvider provider = new EpollBackendProvider();

    @Test
    void backendTuningReachesDriverOptionsAndForcesANewDriver() {
        RuntimeSettings defaults = RuntimeSettings.defaults();
        LoopConfig before = LoopConfig.of(defaults, provider);
        assertEquals(true, before.driverOptions("l").backendProperties().get(RuntimeSettings.IO_URING_DEFER_TASKRUN));

        LoopConfig off = LoopConfig.of(defaults.with(Map.of(RuntimeSettings.IO_URING_DEFER_TASKRUN, "false")), provider);
        assertFalse(off.driverOptions("l").booleanProperty(RuntimeSettings.IO_URING_DEFER_TASKRUN, true));
        assertTrue(before.needsNewDriver(off), "a changed io_uring toggle reopens the drivers");

        LoopConfig budget = LoopConfig.of(defaults.with(Map.of(RuntimeSettings.TASK_BUDGET, 7)), provider);
        assertFalse(before.needsNewDriver(budget), "a loop-only setting keeps the driver");
    }

    @Test
    void anInvalidToggleIsRejectedByName() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> RuntimeSettings.defaults().with(Map.of(RuntimeSettings.IO_URING_DEFER_TASKRUN, "sometimes")));
        assertTrue(e.getMessage().contains("ioUringDeferTaskrun='sometimes'"), e.getMessage());
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
    }
}
