package io.polyloop.scheduler.net;

import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The TcpStream API suite on io_uring with the single-threaded strategy. */
class IoUringSingleThreadedTcpStreamApiTest extends TcpStreamApiSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }
}
