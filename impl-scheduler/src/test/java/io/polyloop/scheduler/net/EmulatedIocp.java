package io.polyloop.scheduler.net;

import io.polyloop.iocp.IocpBackendProvider;
import io.polyloop.iocp.emulation.EmulatedWin32;
import io.polyloop.spi.IoBackendProvider;

/**
 * The IOCP backend over impl-iocp's Winsock/kernel32 emulation on Linux. One emulated kernel for the whole test JVM
 * (its threads are daemons); every call gives a new provider over it, as the suites expect.
 */
final class EmulatedIocp {
    private static final EmulatedWin32 KERNEL = new EmulatedWin32();

    private EmulatedIocp() {
    }

    static IoBackendProvider provider() {
        return new IocpBackendProvider(KERNEL);
    }
}
