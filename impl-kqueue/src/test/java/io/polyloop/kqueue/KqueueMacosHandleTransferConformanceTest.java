package io.polyloop.kqueue;

import io.polyloop.conformance.HandleTransferConformance;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The conformance kit's handle transfer between two running kqueue drivers, over an emulation of macOS
 * ({@link KqueueEmulation}).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
class KqueueMacosHandleTransferConformanceTest extends HandleTransferConformance {
    private static final KqueueEmulation OS = new KqueueEmulation(KeventAbi.DARWIN);
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider(KeventAbi.DARWIN, OS);

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    @AfterEach
    void noSigpipe() {
        assertEquals(0, OS.sigpipes(), "sends that would have raised SIGPIPE on macOS");
    }
}
