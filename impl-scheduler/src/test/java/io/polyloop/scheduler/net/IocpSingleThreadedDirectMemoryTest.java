package io.polyloop.scheduler.net;

/** {@link DirectMemoryStarvationSuite} on iocp over its Winsock emulation, single-threaded. */
class IocpSingleThreadedDirectMemoryTest extends DirectMemoryStarvationSuite {
    @Override
    protected String backend() {
        return "iocp";
    }
}
