package io.polyloop.iocp;

import io.polyloop.conformance.DatagramFileConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's UDP and regular files on the IOCP backend over the Winsock emulation. */
class IocpDatagramFileConformanceTest extends DatagramFileConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider(new EmulatedWin32());

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
