package io.polyloop.iocp;

import io.polyloop.conformance.HotSwapConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's hot swap on the IOCP backend over the Winsock emulation. */
class IocpHotSwapConformanceTest extends HotSwapConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider(new EmulatedWin32());

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
