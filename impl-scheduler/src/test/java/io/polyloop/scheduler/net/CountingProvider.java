package io.polyloop.scheduler.net;

import io.polyloop.scheduler.testkit.ForwardingProvider;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.util.concurrent.atomic.AtomicInteger;

/** A real backend, counting the drivers opened from it: tells which provider a loop moved to. */
final class CountingProvider extends ForwardingProvider {
    final AtomicInteger opens = new AtomicInteger();

    CountingProvider(IoBackendProvider delegate) {
        super(delegate);
    }

    @Override
    protected IoDriver wrap(IoDriver real) {
        opens.incrementAndGet();
        return real;
    }
}
