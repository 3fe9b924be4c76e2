package io.polyloop.scheduler.net;

import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The pooled-read suite on io_uring, single-threaded. */
class IoUringSingleThreadedPooledReadTest extends PooledReadSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }
}
