package io.polyloop.scheduler.net;

/** {@link DirectMemoryStarvationSuite} on io_uring, single-threaded. */
class IoUringSingleThreadedDirectMemoryTest extends DirectMemoryStarvationSuite {
    @Override
    protected String backend() {
        return "io_uring";
    }
}
