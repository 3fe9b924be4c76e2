package io.polyloop.kqueue;

import io.polyloop.conformance.LifecycleConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's cancel, close, misuse and wake-up on the real kqueue backend: runs on macOS and FreeBSD (the native CI workflow), and is
 * skipped elsewhere with the probe's reason.
 */
class KqueueNativeLifecycleConformanceTest extends LifecycleConformance {
    private static final KqueueBackendProvider PROVIDER = new KqueueBackendProvider();

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
