package io.polyloop.kqueue;

import io.polyloop.conformance.HandleTransferConformance;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The conformance kit's handle transfer between two running kqueue drivers, over an emulation of FreeBSD
 * ({@link KqueueEmulation}).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
class KqueueFreeBsdHandleTransferConformanceTest extends HandleTransferConformance {
    private static final KqueueEmulation OS = new KqueueEmulation(KeventAbi.FREEBSD);
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider(KeventAbi.FREEBSD, OS);

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    @AfterEach
    void noSigpipe() {
        assertEquals(0, OS.sigpipes(), "sends that would have raised SIGPIPE on FreeBSD");
    }
}
