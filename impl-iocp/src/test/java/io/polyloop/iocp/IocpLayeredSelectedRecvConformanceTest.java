package io.polyloop.iocp;

import io.polyloop.conformance.SelectedRecvConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's RECV_SELECT suite with a non-IFS layered provider emulated: FILE_SKIP_COMPLETION_PORT_ON_SUCCESS
 * stays off, so both the zero-byte probe and the real receive complete through a packet even when they succeed at once.
 */
class IocpLayeredSelectedRecvConformanceTest extends SelectedRecvConformance {
    private static final IocpBackendProvider PROVIDER =
            new IocpBackendProvider(new EmulatedWin32(EmulatedWin32.Config.layeredProvider()));

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
