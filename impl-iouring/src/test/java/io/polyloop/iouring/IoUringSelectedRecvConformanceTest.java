package io.polyloop.iouring;

import io.polyloop.conformance.SelectedRecvConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's RECV_SELECT suite on io_uring (RECVs fed from the provided-buffer ring). */
class IoUringSelectedRecvConformanceTest extends SelectedRecvConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
