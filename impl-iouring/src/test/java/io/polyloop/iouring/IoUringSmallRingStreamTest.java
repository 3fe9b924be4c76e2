package io.polyloop.iouring;

import io.polyloop.conformance.StreamConformance;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;

import java.util.Map;

/**
 * The stream kit again on the smallest ring (16 SQEs, 64 CQEs) and without DEFER_TASKRUN (COOP_TASKRUN instead):
 * 200 concurrent connections overrun both rings, so the driver flushes a full SQ mid-turn and drains the kernel's
 * CQ overflow backlog, and completions are posted outside io_uring_enter.
 */
class IoUringSmallRingStreamTest extends StreamConformance {
    private static final IoUringBackendProvider PROVIDER = new IoUringBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    @Override
    protected DriverOptions options() {
        return new DriverOptions("conformance-small-ring", DriverOptions.MIN_RING_SIZE, 2,
                Map.of(IoUringBackendProvider.DEFER_TASKRUN, false));
    }
}
