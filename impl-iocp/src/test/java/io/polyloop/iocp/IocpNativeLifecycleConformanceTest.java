package io.polyloop.iocp;

import io.polyloop.conformance.LifecycleConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's Lifecycle suite on the real kernel32/ws2_32. Skipped, with the probe's reason, anywhere but
 * 64-bit Windows; the {@code windows} job of .github/workflows/native.yml runs it (and IocpBackendProviderTest fails
 * there if the probe does not pass, so these cannot be skipped silently on Windows).
 */
class IocpNativeLifecycleConformanceTest extends LifecycleConformance {
    private static final IocpBackendProvider PROVIDER = new IocpBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
