package io.polyloop.iocp;

import io.polyloop.conformance.DatagramFileConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's DatagramFile suite on the IOCP backend with a non-IFS layered provider emulated: the backend leaves
 * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS off, so a call that succeeds at once still queues a packet and must complete once.
 */
class IocpLayeredDatagramFileConformanceTest extends DatagramFileConformance {
    private static final IocpBackendProvider PROVIDER =
            new IocpBackendProvider(new EmulatedWin32(EmulatedWin32.Config.layeredProvider()));

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
