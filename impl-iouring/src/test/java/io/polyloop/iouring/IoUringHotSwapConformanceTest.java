package io.polyloop.iouring;

import io.polyloop.conformance.HotSwapConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's hot swap on io_uring. */
class IoUringHotSwapConformanceTest extends HotSwapConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
