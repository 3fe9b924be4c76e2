package io.polyloop.scheduler.net;

import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.spi.IoBackendProvider;

/** The TcpStream API suite on the kqueue backend over its emulation of macOS on Linux, single-threaded. */
class KqueueMacosSingleThreadedTcpStreamApiTest extends TcpStreamApiSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedKqueueProviders.macos();
    }
}
