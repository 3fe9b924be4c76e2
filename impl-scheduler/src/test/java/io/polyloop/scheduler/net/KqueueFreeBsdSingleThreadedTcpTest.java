package io.polyloop.scheduler.net;

import io.polyloop.kqueue.EmulatedKqueueProviders;
import io.polyloop.spi.IoBackendProvider;

/** The TCP runtime suite on the kqueue backend over its emulation of FreeBSD on Linux, single-threaded. */
class KqueueFreeBsdSingleThreadedTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedKqueueProviders.freebsd();
    }
}
