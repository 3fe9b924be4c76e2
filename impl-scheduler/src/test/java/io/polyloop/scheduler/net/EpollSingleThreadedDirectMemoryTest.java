package io.polyloop.scheduler.net;

/** {@link DirectMemoryStarvationSuite} on epoll, single-threaded. */
class EpollSingleThreadedDirectMemoryTest extends DirectMemoryStarvationSuite {
    @Override
    protected String backend() {
        return "epoll";
    }
}
