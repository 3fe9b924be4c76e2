package io.polyloop.kqueue;

import io.polyloop.conformance.AcceptEmfileConformance;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's accept under EMFILE on the kqueue backend (its Acceptor's spare fd), over an emulation of
 * FreeBSD ({@link KqueueEmulation}), whose descriptors are Linux's.
 */
class KqueueFreeBsdAcceptEmfileConformanceTest extends AcceptEmfileConformance {
    private static final IoBackendProvider PROVIDER = new KqueueBackendProvider(KeventAbi.FREEBSD,
            new KqueueEmulation(KeventAbi.FREEBSD));

    @Override
    protected IoBackendProvider provider() {
        return PROVIDER;
    }
}
