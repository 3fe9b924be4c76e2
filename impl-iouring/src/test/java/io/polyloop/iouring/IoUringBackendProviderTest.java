package io.polyloop.iouring;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IoUringBackendProviderTest {

    @Test
    @Timeout(10)
    void availableHereCachedAndRankedAboveEpoll() {
        IoUringBackendProvider p = new IoUringBackendProvider();
        assertEquals("io_uring", p.name());
        assertTrue(p.rank() > io.polyloop.epoll.EpollBackendProvider.RANK);
        assertTrue(p.probe().isAvailable(), p.probe().toString());
        assertSame(p.probe(), p.probe());
        Capabilities caps = p.capabilities();
        assertNotNull(caps);
        for (int op : IoUring.REQUIRED_OPS) {
            assertTrue(caps.supports(op), "op " + op);
        }
        assertFalse(caps.supports(255), "no kernel has opcode 255 yet");
        System.out.println("io_uring here: " + caps);
    }

    @Test
    @Timeout(10)
    void killSwitchWrongOsAndSysctlSayWhy(@TempDir Path dir) throws Exception {
        Availability off = Probe.run("Linux", true, Probe.SYSCTL).availability();
        assertFalse(off.isAvailable());
        assertTrue(off.unavailabilityCause().contains("io.polyloop.iouring.disabled=true"), off.toString());
        Availability mac = Probe.run("Mac OS X", false, Probe.SYSCTL).availability();
        assertTrue(mac.unavailabilityCause().contains("Mac OS X"), mac.toString());
        Path sysctl = Files.writeString(dir.resolve("io_uring_disabled"), "2\n");
        Availability disabled = Probe.run("Linux", false, sysctl).availability();
        assertFalse(disabled.isAvailable());
        assertTrue(disabled.unavailabilityCause().contains("kernel.io_uring_disabled=2"), disabled.toString());
        Files.writeString(sysctl, "0\n");
        assertTrue(Probe.run("Linux", false, sysctl).availability().isAvailable());
        assertTrue(Probe.run("Linux", false, dir.resolve("absent")).availability().isAvailable(),
                "kernels before 6.6 have no such sysctl");
    }

    @Test
    @Timeout(10)
    void killSwitchPropertyIsReadByProbe() {
        System.setProperty(IoUringBackendProvider.DISABLED_PROPERTY, "true");
        try {
            IoUringBackendProvider p = new IoUringBackendProvider();
            assertFalse(p.probe().isAvailable());
            assertThrows(IllegalStateException.class, () -> p.open(new DriverOptions("t", 16, 1)));
        } finally {
            System.clearProperty(IoUringBackendProvider.DISABLED_PROPERTY);
        }
    }

    @Test
    @Timeout(10)
    void aFeatureToggleThatIsNotABooleanIsRejectedByName() {
        IoUringBackendProvider p = new IoUringBackendProvider();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.open(new DriverOptions(
                "t", 16, 1, java.util.Map.of(IoUringBackendProvider.DEFER_TASKRUN, "maybe"))));
        assertTrue(e.getMessage().contains("ioUringDeferTaskrun=maybe"), e.getMessage());
    }

    @Test
    @Timeout(10)
    void foundByServiceLoader() {
        boolean found = false;
        for (IoBackendProvider p : ServiceLoader.load(IoBackendProvider.class)) {
            found |= p instanceof IoUringBackendProvider;
        }
        assertTrue(found);
    }
}
