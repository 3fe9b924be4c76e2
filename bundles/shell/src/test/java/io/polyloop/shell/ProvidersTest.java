package io.polyloop.shell;

import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.kqueue.KqueueBackendProvider;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** polyloop:swap refuses, before writing anything, a backend that is not installed or cannot run here. */
@Timeout(30)
class ProvidersTest {

    @Test
    void aBackendIsCheckedAgainstTheRealProbes() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
        List<IoBackendProvider> installed = List.of(new EpollBackendProvider(), new KqueueBackendProvider());
        assertNull(Providers.unusable(installed, "auto"));
        assertNull(Providers.unusable(installed, "epoll"));
        assertEquals("backend='kqueue' cannot run here: " + new KqueueBackendProvider().probe().unavailabilityCause()
                + "; accepted: auto, epoll", Providers.unusable(installed, "kqueue"));
        assertEquals("backend='solaris' is not installed; accepted: auto, epoll",
                Providers.unusable(installed, "solaris"));
        assertEquals("backend='epoll' is not installed; accepted: auto", Providers.unusable(List.of(), "epoll"));
    }
}
