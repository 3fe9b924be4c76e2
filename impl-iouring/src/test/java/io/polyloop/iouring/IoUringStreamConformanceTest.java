package io.polyloop.iouring;

import io.polyloop.conformance.StreamConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's TCP streams on io_uring. */
class IoUringStreamConformanceTest extends StreamConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
