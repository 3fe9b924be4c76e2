package io.polyloop.epoll;

import io.polyloop.conformance.WakeupRaceConformance;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's wake-up race on epoll: a wake-up racing the handling of a batch of events, harvested 256 at a
 * time so that the burst and the loop's own wake-up come in one batch.
 */
class EpollWakeupRaceConformanceTest extends WakeupRaceConformance {
    private static final EpollBackendProvider PROVIDER = new EpollBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    @Override
    protected DriverOptions options() {
        return new DriverOptions("wake-race", 256, 1);
    }
}
