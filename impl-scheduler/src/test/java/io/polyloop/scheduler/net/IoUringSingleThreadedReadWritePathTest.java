package io.polyloop.scheduler.net;

import io.polyloop.iouring.IoUringBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/** The read/write path suite on IoUring with the single-threaded strategy. */
class IoUringSingleThreadedReadWritePathTest extends ReadWritePathSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return new IoUringBackendProvider();
    }
}
