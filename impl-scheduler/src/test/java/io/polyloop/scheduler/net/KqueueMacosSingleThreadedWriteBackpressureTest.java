package io.polyloop.scheduler.net;

import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.spi.IoBackendProvider;

/** The write backpressure suite on the kqueue backend over its emulation of macOS on Linux, single-threaded. */
class KqueueMacosSingleThreadedWriteBackpressureTest extends WriteBackpressureSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedKqueueProviders.macos();
    }
}
