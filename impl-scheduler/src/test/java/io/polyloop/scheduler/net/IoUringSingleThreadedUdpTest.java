package io.polyloop.scheduler.net;

import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The UDP suite on io_uring with the single-threaded strategy. */
class IoUringSingleThreadedUdpTest extends UdpSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }
}
