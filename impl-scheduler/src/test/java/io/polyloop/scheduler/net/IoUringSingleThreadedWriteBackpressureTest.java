package io.polyloop.scheduler.net;

import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The write backpressure suite on io_uring with the single-threaded strategy. */
class IoUringSingleThreadedWriteBackpressureTest extends WriteBackpressureSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }
}
