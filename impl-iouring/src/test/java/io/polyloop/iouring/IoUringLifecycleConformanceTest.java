package io.polyloop.iouring;

import io.polyloop.conformance.LifecycleConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's cancel, close, misuse and wake-up on io_uring. */
class IoUringLifecycleConformanceTest extends LifecycleConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
