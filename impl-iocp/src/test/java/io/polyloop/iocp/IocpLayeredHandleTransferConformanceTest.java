package io.polyloop.iocp;

import io.polyloop.conformance.HandleTransferConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/** Handle transfer on IOCP with a non-IFS layered provider emulated (every call queues a packet). */
class IocpLayeredHandleTransferConformanceTest extends HandleTransferConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider(new EmulatedWin32(EmulatedWin32.Config.layeredProvider()));

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
