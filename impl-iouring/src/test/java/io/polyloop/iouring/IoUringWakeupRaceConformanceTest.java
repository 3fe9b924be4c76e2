package io.polyloop.iouring;

import io.polyloop.conformance.WakeupRaceConformance;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's wake-up race on io_uring, smallest ring, DEFER_TASKRUN (the default). */
class IoUringWakeupRaceConformanceTest extends WakeupRaceConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
