package io.polyloop.scheduler.net;

import io.polyloop.spi.IoBackendProvider;

/** The pooled-read suite on the IOCP backend over its Winsock emulation, single-threaded. */
class IocpSingleThreadedPooledReadTest extends PooledReadSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedIocp.provider();
    }
}
