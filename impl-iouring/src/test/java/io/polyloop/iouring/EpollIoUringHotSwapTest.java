package io.polyloop.iouring;

import io.polyloop.conformance.HotSwapConformance;
import io.polyloop.epoll.EpollBackendProvider;
import io.polyloop.spi.IoBackendProvider;

/**
 * The conformance kit's hot swap across backends: the loop starts on epoll and every swap moves the live handles to
 * the other backend (epoll → io_uring → epoll → ...), with a byte-exact stream both ways and connects in flight.
 */
class EpollIoUringHotSwapTest extends HotSwapConformance {
    private final IoBackendProvider provider =
            new AlternatingProvider(new EpollBackendProvider(), new IoUringBackendProvider());

    @Override
    protected IoBackendProvider provider() {
        return provider;
    }
}
