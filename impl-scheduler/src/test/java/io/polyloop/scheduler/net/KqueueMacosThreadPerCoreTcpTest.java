package io.polyloop.scheduler.net;

import io.polyloop.api.RuntimeSettings;
import io.polyloop.api.Strategy;
import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Map;

/** The TCP runtime suite on the kqueue backend over its emulation of macOS on Linux, thread-per-core over three loops (more loops than this machine's cores). */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the kqueue emulation runs over Linux epoll")
class KqueueMacosThreadPerCoreTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedKqueueProviders.macos();
    }

    @Override
    protected Map<String, Object> strategySettings() {
        return Map.of(RuntimeSettings.STRATEGY, Strategy.THREAD_PER_CORE.configName(), RuntimeSettings.THREADS, 3);
    }
}
