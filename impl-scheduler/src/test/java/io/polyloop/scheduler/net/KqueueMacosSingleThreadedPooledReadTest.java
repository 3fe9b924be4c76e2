package io.polyloop.scheduler.net;

import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The pooled-read suite on the kqueue backend over its emulation of macOS on Linux, single-threaded. */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the kqueue emulation runs over Linux epoll")
class KqueueMacosSingleThreadedPooledReadTest extends PooledReadSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedKqueueProviders.macos();
    }
}
