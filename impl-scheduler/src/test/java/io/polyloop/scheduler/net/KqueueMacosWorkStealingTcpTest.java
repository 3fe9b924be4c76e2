package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Map;

/** The TCP runtime suite on the kqueue backend over its emulation of macOS on Linux, work-stealing over 4 loops. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the kqueue emulation runs over Linux epoll")
class KqueueMacosWorkStealingTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedKqueueProviders.macos();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.WORK_STEALING.configName(), RuntimeSettings.THREADS, 4);
    }
}
