package io.polyloop.kqueue;

import io.polyloop.conformance.SelectedRecvConformance;
import io.polyloop.spi.IoBackendProvider;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The conformance kit's RECV_SELECT suite on the kqueue backend, over an emulation of macOS ({@link KqueueEmulation}). */
@EnabledOnOs(value = OS.LINUX, disabledReason = "the emulation runs over Linux epoll")
class KqueueMacosSelectedRecvConformanceTest extends SelectedRecvConformance {
    private static final KqueueEmulation OS = new KqueueEmulation(KeventAbi.DARWIN);
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider(KeventAbi.DARWIN, OS);

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
