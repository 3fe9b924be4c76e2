package io.polyloop.iocp;

import io.polyloop.conformance.LifecycleConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's cancel, close, misuse and wake-up on the IOCP backend over the Winsock emulation. */
class IocpLifecycleConformanceTest extends LifecycleConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider(new EmulatedWin32());

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
