package io.polyloop.iouring;

import io.polyloop.conformance.DatagramFileConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's UDP and regular files on io_uring. */
class IoUringDatagramFileConformanceTest extends DatagramFileConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
