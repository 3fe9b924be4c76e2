package io.polyloop.scheduler.net;

import io.polyloop.spi.Availability;
import io.polyloop.spi.DriverOptions;
import io.polyloop.spi.IoBackendProvider;
import io.polyloop.spi.IoDriver;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** A real backend, counting the drivers opened from it: tells which provider a loop moved to. */
final class CountingProvider implements IoBackendProvider {
    final AtomicInteger opens = new AtomicInteger();
    private final IoBackendProvider delegate;

    CountingProvider(IoBackendProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public int rank() {
        return delegate.rank();
    }

    @Override
    public Availability probe() {
        return delegate.probe();
    }

    @Override
    public IoDriver open(DriverOptions options) throws IOException {
        opens.incrementAndGet();
        return delegate.open(options);
    }
}
