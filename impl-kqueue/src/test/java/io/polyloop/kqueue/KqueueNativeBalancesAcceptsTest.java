package io.polyloop.kqueue;

import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoDriver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels' side of {@link IoDriver#balancesAccepts()}, on the real kqueue backend (native CI workflow; skipped
 * elsewhere with the probe's reason): two listeners of one port opened with reusePort, 40 connections. FreeBSD 12+
 * (SO_REUSEPORT_LB) gives both some; macOS binds both (SO_REUSEPORT) and gives every connection to one, which is why
 * the runtime accepts on one loop there and hands connections on.
 */
@Timeout(60)
class KqueueNativeBalancesAcceptsTest {
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider();
    private static final int CONNECTIONS = 40;

    @Test
    void listenersOfOnePortShareConnectionsWhereTheDriverSaysSo() throws Exception {
        Assumptions.assumeTrue(PROVIDER.probe().isAvailable(), () -> PROVIDER.probe().toString());
        String os = System.getProperty("os.name", "");
        IoDriver d = PROVIDER.open(new DriverOptions("balance", 64, 1));
        try {
            int[] n = AcceptSpread.acceptedPerListener(d, CONNECTIONS);
            String seen = os + ": " + n[0] + "/" + n[1] + " of " + CONNECTIONS;
            if (os.startsWith("FreeBSD")) {
                assertTrue(d.balancesAccepts(), "FreeBSD 12+ has SO_REUSEPORT_LB");
                assertTrue(n[0] > 0 && n[1] > 0, "SO_REUSEPORT_LB gives both listeners connections: " + seen);
            } else {
                assertFalse(d.balancesAccepts(), "macOS has no balancing SO_REUSEPORT");
                // if this fails, macOS spreads connections after all, and balancesAccepts() could say true there
                assertEquals(CONNECTIONS, Math.max(n[0], n[1]), "every connection goes to one socket: " + seen);
            }
        } finally {
            d.close(r -> { });
        }
    }
}
