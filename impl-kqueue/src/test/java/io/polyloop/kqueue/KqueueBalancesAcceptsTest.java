package io.polyloop.kqueue;

import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoDriver;
import io.polyloop.spi.IoHandle;
import io.polyloop.spi.IoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whether the driver says its listeners of one port share connections ({@link IoDriver#balancesAccepts()}), and the
 * option it sets for it: on the emulation of macOS (no), FreeBSD 12+ (yes, SO_REUSEPORT_LB on every listener opened
 * with reusePort) and FreeBSD before 12 (no: SO_REUSEPORT only). The emulation runs over Linux, whose SO_REUSEPORT
 * balances whatever the BSD would do; the native test shows the kernels' behaviour.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
@Timeout(30)
class KqueueBalancesAcceptsTest {
    private static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final DriverOptions OPTIONS = new DriverOptions("balance", 64, 1);

    @Test
    void macosDoesNotBalance() throws Exception {
        KqueueEmulation os = new KqueueEmulation(KeventAbi.DARWIN);
        IoDriver d = open(os);
        try {
            assertFalse(d.balancesAccepts(), "macOS gives every connection of a port to one of its sockets");
            assertFalse(reusePortLb(os, d, true), "macOS has no SO_REUSEPORT_LB");
            AcceptSpread.acceptedPerListener(d, 4); // SO_REUSEPORT: both bind, every connection is accepted
        } finally {
            d.close(r -> { });
        }
    }

    @Test
    void freebsdBalancesWithReusePortLb() throws Exception {
        KqueueEmulation os = new KqueueEmulation(KeventAbi.FREEBSD);
        IoDriver d = open(os);
        try {
            assertTrue(d.balancesAccepts(), "FreeBSD 12+: SO_REUSEPORT_LB");
            assertTrue(reusePortLb(os, d, true), "a listener that shares its port sets SO_REUSEPORT_LB");
            assertFalse(reusePortLb(os, d, false), "one that does not, does not");
            int[] n = AcceptSpread.acceptedPerListener(d, 40);
            assertTrue(n[0] > 0 && n[1] > 0, "both listeners of the port accept: " + n[0] + "/" + n[1]);
        } finally {
            d.close(r -> { });
        }
    }

    @Test
    void freebsdBefore12DoesNotBalance() throws Exception {
        KqueueEmulation os = new KqueueEmulation(KeventAbi.FREEBSD);
        os.withoutReusePortLb();
        IoDriver d = open(os);
        try {
            assertFalse(d.balancesAccepts(), "no SO_REUSEPORT_LB: FreeBSD's SO_REUSEPORT does not balance");
            assertFalse(reusePortLb(os, d, true), "SO_REUSEPORT instead");
            AcceptSpread.acceptedPerListener(d, 4); // both bind, every connection is accepted
        } finally {
            d.close(r -> { });
        }
    }

    private static IoDriver open(KqueueEmulation os) throws IOException {
        return new KqueueBackendProvider(os.abi, os).open(OPTIONS);
    }

    /** @return whether a listener opened with {@code reusePort} has SO_REUSEPORT_LB set */
    private static boolean reusePortLb(KqueueEmulation os, IoDriver d, boolean reusePort) throws IOException {
        IoHandle l = d.openTcpListener(ANY, 8, reusePort);
        try {
            return os.loadBalanced((int) l.descriptor());
        } finally {
            List<IoRequest> done = new ArrayList<>();
            d.submit(new IoRequest().close(l));
            d.poll(done::add, 0);
        }
    }
}
