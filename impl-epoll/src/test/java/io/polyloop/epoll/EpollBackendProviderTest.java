package io.polyloop.epoll;

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

class EpollBackendProviderTest {

    @Test
    @Timeout(10)
    void availableHereAndCached() {
        EpollBackendProvider p = new EpollBackendProvider();
        assertEquals("epoll", p.name());
        assertEquals(10, p.rank());
        assertTrue(p.probe().isAvailable(), p.probe().toString());
        assertSame(p.probe(), p.probe());
    }

    @Test
    @Timeout(10)
    void killSwitchAndWrongOsSayWhy() {
        Availability off = EpollBackendProvider.check("Linux", true);
        assertFalse(off.isAvailable());
        assertTrue(off.unavailabilityCause().contains("io.polyloop.epoll.disabled=true"), off.toString());
        Availability mac = EpollBackendProvider.check("Mac OS X", false);
        assertFalse(mac.isAvailable());
        assertTrue(mac.unavailabilityCause().contains("Mac OS X"), mac.toString());
    }

    @Test
    @Timeout(10)
    void killSwitchPropertyIsReadByProbe() {
        System.setProperty(EpollBackendProvider.DISABLED_PROPERTY, "true");
        try {
            EpollBackendProvider p = new EpollBackendProvider();
            assertFalse(p.probe().isAvailable());
            assertThrows(IllegalStateException.class, () -> p.open(new DriverOptions("t", 16, 1)));
        } finally {
            System.clearProperty(EpollBackendProvider.DISABLED_PROPERTY);
        }
    }

    @Test
    @Timeout(10)
    void foundByServiceLoader() {
        boolean found = false;
        for (IoBackendProvider p : ServiceLoader.load(IoBackendProvider.class)) {
            found |= p instanceof EpollBackendProvider;
        }
        assertTrue(found);
    }
}
