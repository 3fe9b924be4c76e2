package io.polyloop.scheduler.net;

import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The TCP runtime suite on io_uring with the single-threaded strategy. */
class IoUringSingleThreadedTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }
}
