package io.polyloop.iocp;

import io.polyloop.conformance.HandleTransferConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's handle transfer between two running IOCP drivers over the Winsock emulation. */
class IocpHandleTransferConformanceTest extends HandleTransferConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider(new EmulatedWin32());

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
