package io.polyloop.iocp;

import io.polyloop.conformance.HandleTransferConformance;
import io.polyloop.spi.IoBackendProvider;

/** Handle transfer on the real kernel32/ws2_32; skipped with the probe's reason anywhere but 64-bit Windows. */
class IocpNativeHandleTransferConformanceTest extends HandleTransferConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
