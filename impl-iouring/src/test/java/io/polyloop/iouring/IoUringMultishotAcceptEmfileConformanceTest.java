package io.polyloop.iouring;

import io.polyloop.conformance.AcceptEmfileConformance;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance kit's accept under EMFILE on io_uring with a multishot ACCEPT: the driver sheds with its spare fd as
 * epoll's Acceptor does, and nothing is armed again until an ACCEPT waits, so it does not spin.
 */
class IoUringMultishotAcceptEmfileConformanceTest extends AcceptEmfileConformance {

    @Override
    protected IoBackendProvider provider() {
        return MultishotProvider.REAL;
    }

    @Override
    protected DriverOptions options() {
        return new DriverOptions("emfile", 16, 1, Map.of(IoUringBackendProvider.MULTISHOT, true));
    }

    @Override
    protected void beforeTheLimitDrops(IoDriver d, IoHandle listener, List<IoRequest> done) throws Exception {
        IoUringDriver u = (IoUringDriver) d;
        assertTrue(u.multishot().acceptEnabled(), "multishot accept is on");
        // the kernel reads RLIMIT_NOFILE when an ACCEPT is prepared (io_accept_prep): the multishot armed by the
        // warm-up would still use the old limit, so end it; the test's ACCEPT arms one under the new limit
        u.multishot().cancel((HandleState) listener.driverState());
        for (int i = 0; i < 100 && u.multishot().armedCount() > 0; i++) {
            d.poll(done::add, TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertEquals(0, u.multishot().armedCount());
        assertTrue(done.isEmpty());
    }
}
