package io.polyloop.iocp;

import io.polyloop.conformance.SelectedRecvConformance;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/** The conformance kit's RECV_SELECT suite (zero-byte WSARecv, then the real one) over the Winsock emulation. */
class IocpSelectedRecvConformanceTest extends SelectedRecvConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider(new EmulatedWin32());

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
