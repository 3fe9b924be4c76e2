package io.polyloop.iocp;

import io.polyloop.conformance.SelectedRecvConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's RECV_SELECT suite on the real kernel32/ws2_32. Skipped, with the probe's reason, anywhere but
 * 64-bit Windows; the {@code windows} job of .github/workflows/native.yml runs it.
 */
class IocpNativeSelectedRecvConformanceTest extends SelectedRecvConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
