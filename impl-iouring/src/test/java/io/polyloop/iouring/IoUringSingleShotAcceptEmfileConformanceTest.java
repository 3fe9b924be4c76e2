package io.polyloop.iouring;

import io.polyloop.conformance.AcceptEmfileConformance;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The conformance kit's accept under EMFILE on io_uring with a single-shot ACCEPT: the driver sheds with its spare fd as
 * epoll's Acceptor does, and nothing is armed again until an ACCEPT waits, so it does not spin.
 */
class IoUringSingleShotAcceptEmfileConformanceTest extends AcceptEmfileConformance {

    @Override
    protected IoBackendProvider provider() {
        return MultishotProvider.REAL;
    }

    @Override
    protected DriverOptions options() {
        return new DriverOptions("emfile", 16, 1, Map.of(IoUringBackendProvider.MULTISHOT, false));
    }

    @Override
    protected void beforeTheLimitDrops(IoDriver d, IoHandle listener, List<IoRequest> done) throws Exception {
        assertFalse(((IoUringDriver) d).multishot().acceptEnabled(), "multishot accept is off");
    }
}
