package io.polyloop.iouring;

import io.polyloop.conformance.WakeupRaceConformance;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/**
 * The conformance kit's wake-up race on io_uring without DEFER_TASKRUN (COOP_TASKRUN): the kernel then completes the
 * wake-up's READ in any syscall of the loop, not only in io_uring_enter.
 */
class IoUringCoopWakeupRaceConformanceTest extends WakeupRaceConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    @Override
    protected DriverOptions options() {
        return new DriverOptions("wake-race-coop", DriverOptions.MIN_RING_SIZE, 1,
                Map.of(IoUringBackendProvider.DEFER_TASKRUN, false));
    }
}
