package io.polyloop.scheduler.net;

import io.polyloop.spi.IoBackendProvider;

/** The TCP runtime suite on the IOCP backend over its Winsock emulation, single-threaded. */
class IocpSingleThreadedTcpTest extends TcpRuntimeSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedIocp.provider();
    }
}
