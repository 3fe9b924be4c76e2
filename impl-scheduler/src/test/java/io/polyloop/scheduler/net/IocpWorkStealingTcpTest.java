package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Disabled;

import java.util.Map;

/** The TCP runtime suite on the IOCP backend over its Winsock emulation, work-stealing over 4 loops. */
@Disabled("NOT DONE (runtime core): multi-loop strategies open one listener per loop on the same port with SO_REUSEPORT,"
        + " which Windows does not have, so the second loop's listen fails with WSAEADDRINUSE; the hand-off listener of"
        + " DESIGN section 4 ('else hand-off') is missing. 10 of the 14 tests fail at listen for that reason (the 4"
        + " others pass): enable once the runtime hands accepts off where SO_REUSEPORT is missing")
class IocpWorkStealingTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedIocp.provider();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.WORK_STEALING.configName(), RuntimeSettings.THREADS, 4);
    }
}
