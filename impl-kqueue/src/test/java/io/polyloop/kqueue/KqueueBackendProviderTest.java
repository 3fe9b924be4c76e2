package io.polyloop.kqueue;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The availability gate, the kill switch and discovery. */
@Timeout(10)
class KqueueBackendProviderTest {

    @Test
    void onLinuxTheProbeSaysKqueueNeedsMacOsOrFreeBsd() {
        Availability linux = KqueueBackendProvider.check("Linux", false);
        assertFalse(linux.isAvailable());
        assertTrue(linux.unavailabilityCause().contains("requires macOS or FreeBSD"), linux.toString());
        assertTrue(linux.unavailabilityCause().contains("Linux"), linux.toString());
        assertFalse(KqueueBackendProvider.check("Windows 11", false).isAvailable());
    }

    /** This machine: the real provider is unavailable, says why, caches it, and refuses to open. */
    @Test
    void theNativeProviderHereIsUnavailableAndRefusesToOpen() {
        String os = System.getProperty("os.name");
        org.junit.jupiter.api.Assumptions.assumeTrue(KeventAbi.forOsName(os) == null, "runs natively on " + os);
        KqueueBackendProvider p = new KqueueBackendProvider();
        assertEquals("kqueue", p.name());
        assertEquals(10, p.rank());
        assertFalse(p.probe().isAvailable());
        assertSame(p.probe(), p.probe());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.open(new DriverOptions("t", 16, 1)));
        assertTrue(e.getMessage().contains("macOS or FreeBSD"), e.getMessage());
    }

    /** macOS and FreeBSD: the real provider is available (run by the native CI workflow). */
    @Test
    void availableOnItsOwnOs() {
        String os = System.getProperty("os.name");
        org.junit.jupiter.api.Assumptions.assumeTrue(KeventAbi.forOsName(os) != null, "not a kqueue OS: " + os);
        assertTrue(new KqueueBackendProvider().probe().isAvailable(), new KqueueBackendProvider().probe().toString());
    }

    @Test
    void killSwitchWinsEverywhere() {
        Availability off = KqueueBackendProvider.check("Mac OS X", true);
        assertFalse(off.isAvailable());
        assertTrue(off.unavailabilityCause().contains("io.polyloop.kqueue.disabled=true"), off.toString());
        System.setProperty(KqueueBackendProvider.DISABLED_PROPERTY, "true");
        try {
            KqueueBackendProvider emulated = new KqueueBackendProvider(KeventAbi.DARWIN,
                    new KqueueEmulation(KeventAbi.DARWIN));
            assertFalse(emulated.probe().isAvailable());
            assertThrows(IllegalStateException.class, () -> emulated.open(new DriverOptions("t", 16, 1)));
        } finally {
            System.clearProperty(KqueueBackendProvider.DISABLED_PROPERTY);
        }
    }

    @Test
    void foundByServiceLoader() {
        boolean found = false;
        for (IoBackendProvider p : ServiceLoader.load(IoBackendProvider.class)) {
            found |= p instanceof KqueueBackendProvider;
        }
        assertTrue(found);
    }
}
