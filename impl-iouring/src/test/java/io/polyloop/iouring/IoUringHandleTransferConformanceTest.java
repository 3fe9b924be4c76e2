package io.polyloop.iouring;

import io.polyloop.conformance.HandleTransferConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's handle transfer between two running io_uring drivers. */
class IoUringHandleTransferConformanceTest extends HandleTransferConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
