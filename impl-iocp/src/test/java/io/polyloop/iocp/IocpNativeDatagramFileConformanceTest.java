package io.polyloop.iocp;

import io.polyloop.conformance.DatagramFileConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's DatagramFile suite on the real kernel32/ws2_32. Skipped, with the probe's reason, anywhere but
 * 64-bit Windows; the {@code windows} job of .github/workflows/native.yml runs it (and IocpBackendProviderTest fails
 * there if the probe does not pass, so these cannot be skipped silently on Windows).
 */
class IocpNativeDatagramFileConformanceTest extends DatagramFileConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
