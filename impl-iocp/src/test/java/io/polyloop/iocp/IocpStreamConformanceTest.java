package io.polyloop.iocp;

import io.polyloop.conformance.StreamConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's TCP streams on the IOCP backend over the Winsock emulation. */
class IocpStreamConformanceTest extends StreamConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider(new EmulatedWin32());

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
