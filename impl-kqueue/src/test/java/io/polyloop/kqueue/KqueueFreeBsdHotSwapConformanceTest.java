package io.polyloop.kqueue;

import io.polyloop.conformance.HotSwapConformance;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The conformance kit's hot swap on the kqueue backend, over an emulation of FreeBSD ({@link KqueueEmulation}). */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
class KqueueFreeBsdHotSwapConformanceTest extends HotSwapConformance {
    private static final KqueueEmulation OS = new KqueueEmulation(KeventAbi.FREEBSD);
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider(KeventAbi.FREEBSD, OS);

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }

    /** Readiness backend: a CONNECT finishes on an EVFILT_WRITE event, which only a poll collects. */
    @Override
    protected boolean connectPendingUntilPolled() {
        return true;
    }

    @AfterEach
    void noSigpipe() {
        assertEquals(0, OS.sigpipes(), "sends that would have raised SIGPIPE on FreeBSD");
    }
}
