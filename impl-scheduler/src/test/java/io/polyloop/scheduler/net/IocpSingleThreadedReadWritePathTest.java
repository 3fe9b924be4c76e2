package io.polyloop.scheduler.net;

import io.polyloop.spi.IoBackendProvider;

/** The read/write path suite on the IOCP backend over its Winsock emulation, single-threaded. */
class IocpSingleThreadedReadWritePathTest extends ReadWritePathSuite {
    @Override
    protected IoBackendProvider newProvider() {
        return EmulatedIocp.provider();
    }
}
