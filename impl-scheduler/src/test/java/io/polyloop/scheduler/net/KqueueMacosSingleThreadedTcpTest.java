package io.polyloop.scheduler.net;

import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.spi.IoBackendProvider;

/** The TCP runtime suite on the kqueue backend over its emulation of macOS on Linux, single-threaded. */
class KqueueMacosSingleThreadedTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedKqueueProviders.macos();
    }
}
