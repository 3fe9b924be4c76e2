package io.polyloop.scheduler.net;

import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The file suite on io_uring with the single-threaded strategy. */
class IoUringSingleThreadedFileTest extends FileSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }
}
