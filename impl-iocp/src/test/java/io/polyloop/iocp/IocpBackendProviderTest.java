package io.polyloop.iocp;

import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class IocpBackendProviderTest {

    @Test
    void onLinuxItSaysItNeedsWindowsAndWillNotOpen() {
        IocpBackendProvider p = new IocpBackendProvider();
        assertEquals("iocp", p.name());
        assertEquals(10, p.rank());
        Availability a = p.probe();
        if (System.getProperty("os.name").startsWith("Windows")) {
            assertTrue(a.isAvailable(), a.toString()); // the Windows CI job
            return;
        }
        assertFalse(a.isAvailable());
        assertTrue(a.unavailabilityCause().contains("requires Windows"), a.toString());
        assertTrue(a.unavailabilityCause().contains(System.getProperty("os.name")), a.toString());
        assertSame(a, p.probe(), "cached");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.open(new DriverOptions("t", 16, 1)));
        assertTrue(e.getMessage().contains("requires Windows"), e.getMessage());
    }

    @Test
    void theGateNamesTheReason() {
        assertTrue(IocpBackendProvider.check("Linux", "amd64", false, false).unavailabilityCause()
                .contains("requires Windows (I/O completion ports), this is Linux"));
        assertTrue(IocpBackendProvider.check("Windows 11", "x86", false, false).unavailabilityCause()
                .contains("64-bit"));
        assertNull(IocpBackendProvider.check("Windows 11", "amd64", false, false));
        assertNull(IocpBackendProvider.check("Linux", "amd64", false, true), "injected natives skip the OS check");
        assertTrue(IocpBackendProvider.check("Windows 11", "amd64", true, false).unavailabilityCause()
                .contains("io.polyloop.iocp.disabled=true"));
    }

    @Test
    void killSwitchPropertyIsReadByProbeEvenOverTheEmulation() {
        System.setProperty(IocpBackendProvider.DISABLED_PROPERTY, "true");
        EmulatedWin32 emulation = new EmulatedWin32();
        try {
            IocpBackendProvider p = new IocpBackendProvider(emulation);
            assertFalse(p.probe().isAvailable());
            assertTrue(p.probe().unavailabilityCause().contains("disabled by -Dio.polyloop.iocp.disabled=true"));
            assertThrows(IllegalStateException.class, () -> p.open(new DriverOptions("t", 16, 1)));
        } finally {
            System.clearProperty(IocpBackendProvider.DISABLED_PROPERTY);
            emulation.shutdown();
        }
    }

    @Test
    void overTheEmulationItIsAvailable() {
        EmulatedWin32 emulation = new EmulatedWin32();
        try {
            Availability a = new IocpBackendProvider(emulation).probe();
            assertTrue(a.isAvailable(), a.toString());
        } finally {
            emulation.shutdown();
        }
    }

    @Test
    void foundByServiceLoader() {
        boolean found = false;
        for (IoBackendProvider p : ServiceLoader.load(IoBackendProvider.class)) {
            found |= p instanceof IocpBackendProvider;
        }
        assertTrue(found);
    }
}
